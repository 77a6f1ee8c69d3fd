"""Point estimates AND intervals published for data sets shipped with SparseMSE and LCMCR.

Sources (every figure below is quoted from one of them, never from our own output):

- [SCV2024] Silverman, Chan & Vincent (2024), "Bootstrapping multiple systems estimates to account for
  model selection", Statistics and Computing 34:44, Tables 2 and 6; the published values are restated by
  the paper's first author in MultipleSystemsEstimation (github.com/bernardsilverman/
  MultipleSystemsEstimation, docs/articles/reproduce-2024.md, "The published table ..." blocks).
- [CSV2021] Chan, Silverman & Vincent (2021), "Multiple systems estimation for sparse capture data:
  inferential challenges when there are nonoverlapping lists", JASA 116:1297-1306, Sections 4.1-4.2;
  restated in the same repository, docs/articles/reproduce-2021.md ("The paper reports ...").
- [HO2014] Home Office (29 November 2014), "Modern Slavery: an application of multiple systems
  estimation" (gov.uk): "an estimate of between 10 thousand and 13 thousand, in total, of potential
  victims in the UK in 2013"; the same interval, "ten thousand to thirteen thousand", is called a
  confidence interval in Silverman & Hesketh's JSM 2016 abstract 318010, and Silverman (2020, JRSS A
  183:691-) says it came from "a stepwise multiple systems method based on six lists".

Bootstrap tests are seeded; their tolerances cover the Monte Carlo error of both the published run
(1000 resamples with R's generator) and ours, measured across seeds as stated in each test.
"""

from __future__ import annotations

import pytest

from rightsledger.analyze.estimate import CaptureTable, estimate
from rightsledger.analyze.estimate import loglinear as L
from rightsledger.analyze.estimate import stepwise as S


def test_kosovo_bic_over_all_hierarchical_models_reproduces_scv2024(dataset):
    """[SCV2024] Table 6, Kosovo (LCMCR's kosovo_aggregate, 4 lists, 4400 deaths): the BIC-best model
    among all hierarchical models up to three-list terms gives 10357 ("Kosovo all lists"); among
    models with pairwise terms only, 14342 ("Kosovo maxorder 2"); Table 2 says there are 113 candidate
    models. Tolerance: the published rounding to whole people (0.5)."""
    kosovo = dataset("kosovo")
    assert len(L.candidate_models(kosovo.lists, maxorder=3)) == 113
    full = estimate(kosovo, maxorder=3)
    assert full.estimate == pytest.approx(10357, abs=0.5)
    assert full.diagnostics["models_compared"] == 113
    pairwise = estimate(kosovo)
    assert pairwise.estimate == pytest.approx(14342, abs=0.5)


def test_kosovo_bca_interval_of_the_bic_model_reproduces_scv2024(dataset):
    """[SCV2024] Table 2, n_top = 1 (the BIC-best model refitted on every resample, 1000 resamples):
    95% interval [9100, 12000] and 80% interval [9500, 11300], published rounded to the nearest 100.
    Tolerance: each end within 2%, for the rounding (<= 0.6%) plus Monte Carlo error; with seeds 1, 2
    and 3 our 95% ends were 9048/9056/8969 and 12046/12187/12112, all within 1.6% of the figures."""
    kosovo = dataset("kosovo")
    e95 = estimate(kosovo, maxorder=3, interval="bca", replicates=1000, seed=1)
    assert e95.estimate == pytest.approx(10357, abs=0.5)
    assert e95.interval[0] == pytest.approx(9100, rel=0.02)
    assert e95.interval[1] == pytest.approx(12000, rel=0.02)
    assert e95.diagnostics["profile_interval"][0] < e95.estimate < e95.diagnostics["profile_interval"][1]
    e80 = estimate(kosovo, maxorder=3, interval="bca", replicates=1000, seed=1, level=0.8)
    assert e80.interval[0] == pytest.approx(9500, rel=0.02)
    assert e80.interval[1] == pytest.approx(11300, rel=0.02)


def test_kosovo_bca_interval_with_the_model_choice_repeated_reproduces_scv2024(dataset):
    """[SCV2024] Table 6, "Kosovo all lists", all-model 95% interval [6947, 18010]; Table 2, n_top = 113
    (the BIC choice among all 113 models repeated on every one of 1000 resamples): 95% [6900, 18000] and
    80% [7400, 12200] (to 100). Tolerance: each end within 6%. Why: the model choice makes the
    bootstrap distribution lumpy, so 1000 resamples fix its quantiles less well than with one model;
    with seeds 1, 2, 3 our ends were 95%: 6963/6850/7180 and 17804/18030/18233; 80%: 6992/7106/7313
    and 11662/12174/12373, all within 5.5% of the published ones (the 95% ends within 3.5%)."""
    kosovo = dataset("kosovo")
    e95 = estimate(kosovo, maxorder=3, interval="bca-search", replicates=1000, seed=1)
    assert e95.interval[0] == pytest.approx(6947, rel=0.06)
    assert e95.interval[1] == pytest.approx(18010, rel=0.06)
    e80 = estimate(kosovo, maxorder=3, interval="bca-search", replicates=1000, seed=1, level=0.8)
    assert e80.interval[0] == pytest.approx(7400, rel=0.06)
    assert e80.interval[1] == pytest.approx(12200, rel=0.06)
    # allowing for the model choice widens the interval, as the paper's point is
    assert e95.interval[0] < 9100 and e95.interval[1] > 12000


def _thousands(value: float) -> int:
    return round(value / 1000.0) * 1000


def test_uk_six_lists_bhs_stepwise_reproduces_home_office_interval(dataset):
    """[HO2014]: UK 2013, the NCA strategic assessment's six lists (SparseMSE's UKdat, 2744 people),
    Bales-Hesketh-Silverman stepwise model: 95% interval "between 10 thousand and 13 thousand".
    Tolerance: the published rounding, i.e. our profile-likelihood ends rounded to the nearest
    thousand must be exactly 10,000 and 13,000 (we get about 9,982 and 13,182)."""
    uk = dataset("ukdat")
    e = estimate(uk, "bhs")
    assert e.observed == 2744
    assert (_thousands(e.interval[0]), _thousands(e.interval[1])) == (10000, 13000)
    assert e.interval[0] < e.estimate < e.interval[1]


def test_uk_five_lists_bhs_stepwise_reproduces_the_published_figure(dataset):
    """The same method on SparseMSE's UKdat_5 (police forces and NCA merged) gives the UK figure
    11,313 quoted with Bales, Hesketh & Silverman (2015, Significance 12(3):16-21) for 2013 (the figure
    comes from our task brief; the article's text was not available to us to check the page), inside
    the [HO2014] interval of 10,000 to 13,000. Tolerance: 11,313 +- 0.5; interval ends rounded to the
    nearest thousand exactly 10,000 and 13,000 (we get about 9,889 and 13,063).
    [SCV2024] Table 6 also gives 22991 for the BIC-best pairwise model on these data (+- 0.5)."""
    uk5 = dataset("ukdat_5")
    e = estimate(uk5, "bhs")
    assert e.estimate == pytest.approx(11313, abs=0.5)
    assert (_thousands(e.interval[0]), _thousands(e.interval[1])) == (10000, 13000)
    assert estimate(uk5).estimate == pytest.approx(22991, abs=0.5)


def test_western_sparsemse_stepwise_reproduces_csv2021(dataset):
    """[CSV2021] Section 4.2, Western US site (SparseMSE's Western, 345 victims), stepwise with
    p = 0.02: model main effects + AE, point estimate 2483, BCa 95% interval (1293, 3670) from 1000
    resamples. Tolerance: point +- 0.5; interval ends within 12%. Why so wide: the BCa ends are
    Monte Carlo quantiles of a bootstrap distribution that mixes models (AE chosen or not, other pairs
    sometimes added), so 1000 resamples pin them down poorly: with seeds 1-5 our 95% lower end was
    1170, 1211, 1334, 1101, 1315 (standard deviation about 8%) and the upper 3743, 3543, 3982, 4057,
    3718 (about 5%). The published ends lie inside those ranges. 12% (about 1.5 Monte Carlo standard
    deviations of the lower end) holds for both ends with four of the five seeds; seed 4's lower end is
    15% off. So this checks the method to Monte Carlo precision only; the test uses seed 1."""
    western = dataset("western")
    e = estimate(western, "sparsemse", replicates=1000, seed=1)
    assert e.model == ["A:E"]
    assert e.estimate == pytest.approx(2483, abs=0.5)
    assert e.interval[0] == pytest.approx(1293, rel=0.12)
    assert e.interval[1] == pytest.approx(3670, rel=0.12)


def test_new_orleans_sparsemse_stepwise_points_reproduce_csv2021(dataset):
    """[CSV2021] Section 4.1 with SparseMSE's tables (185 cases): eight lists, the stepwise choice adds
    only DE and gives 1184; five lists (B, E, F, G merged), no pair is significant and the estimate is
    1034. Tolerance: +- 0.5. The published BCa intervals (717, 1657) and (589, 1703) are not checked
    here: see docs/estimation.md (eight lists: too slow for the test run; five lists: ours, about
    (460, 1550), does not reproduce the published lower end)."""
    eight = S.sparse(dataset("neworl"))
    assert eight.labels == ["D:E"]
    assert eight.estimate == pytest.approx(1184, abs=0.5)
    five = S.sparse(dataset("neworl_5"))
    assert five.labels == []
    assert five.estimate == pytest.approx(1034, abs=0.5)


def test_existence_checks_reproduce_csv2021_table_3():
    """[CSV2021] Table 2's artificial data (SparseMSE Artificial_3: A 40, B 30, C 20, AB 6) and the
    behaviour Table 3 and SparseMSE's checkident help describe: all three pairs -> not identifiable
    (code 2); AB alone -> no MLE (code 1); AC and BC -> both tests passed (code 0)."""
    art = CaptureTable(("A", "B", "C"), {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 6})
    ab, ac, bc = ("A", "B"), ("A", "C"), ("B", "C")
    assert S.existence_code(art, [ab, ac, bc]) == 2
    assert S.existence_code(art, [ab]) == 1
    assert S.existence_code(art, [ac, bc]) == 0
    assert S.existence_code(art, []) == 0


def test_an_interaction_between_lists_sharing_nobody_is_minus_infinity():
    """Extended MLE by hand: with AC empty and the AC term in the model, the cells on A and C are
    dropped and the rest fitted; the model has one parameter more than its fitted columns."""
    table = CaptureTable(
        ("A", "B", "C"),
        {(1, 0, 0): 50, (0, 1, 0): 40, (0, 0, 1): 30, (1, 1, 0): 10, (0, 1, 1): 8},
    )
    fit = S.fit_sparse(table, [("A", "C")])
    assert fit.empty == [("A", "C")]
    assert fit.parameters == 5  # intercept, 3 main effects, AC at minus infinity
    on_ac = [i for i, p in enumerate(S.patterns(3)) if p[0] and p[2]]
    assert all(fit.mu[i] == 0 for i in on_ac)
    # Poisson MLE: fitted totals equal observed totals overall and per list (the sufficient statistics)
    assert fit.mu.sum() == pytest.approx(138, rel=1e-8)
    assert [
        fit.mu[[i for i, p in enumerate(S.patterns(3)) if p[k]]].sum() for k in range(3)
    ] == pytest.approx([60, 58, 38], rel=1e-8)
    assert fit.wald_p(("A", "C")) == 1.0
