"""Word lists the rules share: countries, titles, organisation words, months.

Kept as data in one place so a reviewer can read what the rules know and a
new word is a one-line change.
"""

from __future__ import annotations

COUNTRIES = {
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Benin", "Bolivia", "Bosnia and Herzegovina",
    "Botswana", "Brazil", "Bulgaria", "Burkina Faso", "Burundi", "Cambodia", "Cameroon", "Canada",
    "Central African Republic", "Chad", "Chile", "China", "Colombia", "Congo", "Costa Rica", "Croatia",
    "Cuba", "Cyprus", "Czech Republic", "Democratic Republic of the Congo", "Denmark", "Djibouti",
    "Ecuador", "Egypt", "El Salvador", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland",
    "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Haiti",
    "Honduras", "Hong Kong", "Hungary", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Ivory Coast", "Côte d’Ivoire", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait",
    "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Liberia", "Libya", "Lithuania", "Madagascar", "Malawi",
    "Malaysia", "Maldives", "Mali", "Mauritania", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco",
    "Mozambique", "Myanmar", "Burma", "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger",
    "Nigeria", "North Korea", "South Korea", "Norway", "Oman", "Pakistan", "Palestine", "Panama",
    "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia",
    "Russian Federation", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Sierra Leone", "Singapore",
    "Slovakia", "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Sweden",
    "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Tunisia", "Turkey",
    "Türkiye", "Turkmenistan", "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom",
    "United States", "United States of America", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Viet Nam",
    "Yemen", "Zambia", "Zimbabwe", "Islamic Republic of Iran", "Democratic People’s Republic of Korea",
    "Democratic People's Republic of Korea", "Syrian Arab Republic", "Bolivarian Republic of Venezuela",
}
# Demonyms that stand for the state in phrases like "the Iranian regime".
DEMONYMS = {
    "Iranian": "Iran", "Chinese": "China", "Russian": "Russia", "Syrian": "Syria", "Egyptian": "Egypt",
    "Saudi": "Saudi Arabia", "Burmese": "Myanmar", "Sudanese": "Sudan", "Ethiopian": "Ethiopia",
    "Eritrean": "Eritrea", "Nigerian": "Nigeria", "Belarusian": "Belarus", "Chilean": "Chile",
    "Colombian": "Colombia", "Venezuelan": "Venezuela", "Nicaraguan": "Nicaragua", "Filipino": "Philippines",
    "Philippine": "Philippines", "Bangladeshi": "Bangladesh", "Sri Lankan": "Sri Lanka", "Ukrainian": "Ukraine",
    "Turkish": "Turkey", "Iraqi": "Iraq", "Israeli": "Israel", "Palestinian": "Palestine", "Afghan": "Afghanistan",
    "Pakistani": "Pakistan", "Indian": "India", "Kazakh": "Kazakhstan", "Bahraini": "Bahrain",
    "Yemeni": "Yemen", "Libyan": "Libya", "Mexican": "Mexico", "Brazilian": "Brazil", "Cuban": "Cuba",
    "Zimbabwean": "Zimbabwe", "Ugandan": "Uganda", "Kenyan": "Kenya", "Cameroonian": "Cameroon",
    "Malian": "Mali", "Emirati": "United Arab Emirates", "Algerian": "Algeria", "Tunisian": "Tunisia",
    "Moroccan": "Morocco", "Vietnamese": "Vietnam", "Cambodian": "Cambodia", "Thai": "Thailand",
}
ORG_WORDS = {
    "Council", "Committee", "Office", "Association", "Ministry", "Commission", "Court", "Nations", "Union",
    "Organization", "Organisation", "Watch", "International", "Forces", "Force", "Police", "Army", "Party",
    "Group", "Front", "Network", "Agency", "Centre", "Center", "Institute", "Foundation", "Society",
    "League", "Movement", "Assembly", "Parliament", "Government", "Bureau", "Department", "Service",
    "Services", "Mission", "Panel", "Team", "Tribunal", "Secretariat", "Fund", "Programme", "Program",
    "Federation", "Coalition", "Alliance", "Guard", "Guards", "Corps", "Squad", "Battalion", "Brigade",
    "Militia", "Branch", "Authority", "Authorities", "Board", "Senate", "Congress", "Cabinet", "Church",
    "University", "Hospital", "Clinic", "Clínica", "Prosecutor’s", "Prosecutor's", "Fiscalía", "Carabineros",
    "Amnesty", "Rights", "Project", "Initiative", "Observatory", "Collective", "Syndicate", "Mojahedin",
    "Taliban", "Hamas", "Hezbollah", "Tigers", "Military", "Junta", "Regime", "Press", "News", "Times", "Post", "Reuters", "Committees", "Forum", "Chamber", "Caucus",
}
TITLE_WORDS = {
    "UN", "U.N.", "United", "Nations", "High", "Commissioner", "Special", "Rapporteur", "Rapporteurs",
    "Representative", "Secretary", "General", "Secretary-General", "President", "Vice-President",
    "President-elect", "Prime", "Minister", "Foreign", "Interior", "Justice", "Deputy", "Director", "Chief",
    "Head", "Chair", "Chairman", "Chairwoman", "Chairperson", "Spokesperson", "Spokesman", "Spokeswoman",
    "Ambassador", "Governor", "Brigadier", "Colonel", "Major", "Captain", "Judge", "Senator", "Mr.", "Mrs.",
    "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Sheikh", "King", "Queen", "Prince", "Ayatollah", "Supreme",
    "Leader", "Pope", "Archbishop", "Bishop", "Rev.", "Professor", "Prof.", "Commander", "Lieutenant",
    "Sergeant", "Envoy", "Advocate", "Attorney", "Prosecutor", "Mayor", "Executive", "Regional",
    "Assistant", "Under-Secretary", "Undersecretary", "Coordinator", "Expert", "Human", "Rights", "for", "of",
    "the", "on", "Federal", "State", "Affairs", "Information", "Defence", "Defense", "Health", "Sir", "Dame",
    "Lord", "Lady", "Americas", "Amnesty", "International", "Watch", "Senior", "Researcher", "Counsel",
    "Ombudsman", "Vice", "Marshal", "Field", "Permanent", "Acting", "Interim", "Former", "Opposition",
    "Speaker", "Member", "MP", "Officer", "Independent",
}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Capitalised words that start sentences and never name anyone.
FUNCTION_WORDS = {
    "The", "A", "An", "It", "Its", "He", "She", "They", "We", "Our", "His", "Her", "Their", "This", "That",
    "These", "Those", "In", "On", "At", "As", "By", "For", "From", "With", "Without", "Since", "After",
    "Before", "During", "Under", "Over", "Of", "To", "And", "But", "Or", "If", "When", "While", "Where",
    "Instead", "Such", "Other", "Some", "Many", "Most", "All", "Both", "Each", "No", "Not", "Nor", "Yet",
    "Also", "Then", "Now", "Today", "Yesterday", "Last", "Next", "Earlier", "Later", "According", "Opening",
    "Speaking", "Introducing", "Acting", "Addressing", "Citing", "Throughout", "Until", "Among", "Between",
    "Despite", "Although", "Though", "Because", "Why", "How", "What", "Who", "Which", "There", "Here",
    "Glory", "Figures", "ENDS", "Ends", "Mr", "Mrs", "Ms", "Dr", "I", "You", "My", "Your", "Us", "Them",
    "Late", "Early", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Hours",
    "Days", "Weeks", "Months", "Years", "Drug-related", "Relatives", "Witnesses", "Doctors",
}
INSTRUMENT_WORDS = {"Convention", "Covenant", "Protocol", "Statute", "Rules", "Declaration", "Charter", "Principles"}
