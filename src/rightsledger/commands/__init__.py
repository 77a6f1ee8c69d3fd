"""Groups of CLI commands kept out of ``cli.py``; each module has ``register(app)``."""
