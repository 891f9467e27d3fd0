"""The report's words: English message ids (EN, by key) that the catalog words in bokmål (the
wording of IMDi's 2008 report, i18n/locale/nb), and numbers and country names as each language
writes them (CLDR, through i18n: bokmål `42,7 %`, `1 234`, `Irak`).

`text(lang)` gives a `Words` object: `w["key"]` is a plain string, `w("key", n=1)` formats it.
"""
from __future__ import annotations

from domain.messages import N_
from i18n import LANGS, country, number, percent, translations
from i18n.terms import TERMS

EN: dict[str, str] = {
    "doc_title": N_("Ny sjanse {year}. Results and experiences"),
    "subtitle": N_("Participants, goal attainment, the women in Ny sjanse and transfers to the "
                   "qualification programme, regenerated from the event log"),
    "known_at": N_("As known at {known_at}"),
    "known_now": N_("Everything recorded"),
    "changes_title": N_("Appendix: figures changed since {since}"),
    "changes_lead": N_("The figures for {year} that differ from what was known at {since}, with "
                       "the participants added and removed, and the events recorded or retracted "
                       "since that account for them (“nysjanse changes”)."),
    "changes_none": N_("No figure has changed."),
    "changes_figure": N_("Figure"),
    "changes_before": N_("Then"),
    "changes_after": N_("Now"),
    "changes_added": N_("Added"),
    "changes_removed": N_("Removed"),
    "changes_events": N_("Events"),
    "generated": N_("Generated {now}"),
    "log_head": N_("Computed from the event log up to position {position}, whose chain digest is "
                   "{digest} (checked with “nysjanse verify --head {position}:{digest}”)"),
    "log_unchained": N_("Computed from the event log up to position {position}; the log has no "
                        "hash chain there (written before the chain)"),
    "contents": N_("Contents"),
    "source": N_("Source: the nysjanse event log (intakes, exits, transfers and follow-ups). The "
                 "numbers are those of “nysjanse stats {year}”."),
    "figure": N_("Figure"),
    "table_note": N_("Table for the figure"),
    "total": N_("Total"),
    "women": N_("Women"),
    "men": N_("Men"),
    "all": N_("All"),
    "count": N_("Number"),
    "percent": N_("Per cent"),
    "months": N_("Months"),
    "n": N_("N"),
    "project": N_("Municipality/district"),
    "project_anon": N_("Project"),
    "none_in_year": N_("No participants in {year}."),
    "key_title": N_("Ny sjanse {year}"),
    "key_women": N_("{n} women ({p})"),
    "key_men": N_("{n} men ({p})"),
    "key_countries": N_("Participants from {n} countries"),
    "key_projects": N_("{n} projects with participants"),
    "key_exits": N_("{n} left Ny sjanse during the year"),
    "key_woe": N_("{p} of those who completed or aborted went to work or education"),
    "ch3": N_("Participants and projects"),
    "ch3_lead": N_("Of the {participants} people who took part in Ny sjanse during {year}, "
                   "{carried} were in the programme at the start of the year, carried over from "
                   "{prev}. {new} new participants were admitted during {year}. The participants "
                   "came from {countries} countries."),
    "fig_3_1": N_("The {n} participants in {year} by start year and municipality/district. "
                  "Absolute numbers."),
    "start_year": N_("Start year"),
    "fig_3_2": N_("Country of background for {shown} ({p} per cent) of the participants. "
                  "Absolute numbers."),
    "country": N_("Country of background"),
    "other_countries": N_("Other countries ({n})"),
    "sec_3_1": N_("Main reason for leaving Ny sjanse in {year}"),
    "sec_3_1_lead": N_("Of the {participants} participants in {year}, {remaining} were still in "
                       "the programme at the turn of {next}: {exits} participants left Ny sjanse "
                       "during the year. {completed} completed in the ordinary way, {aborted} "
                       "aborted or had their participation stopped, and {transferred} were "
                       "transferred to the qualification programme."),
    "fig_3_3": N_("Main reason for leaving Ny sjanse for the {n} participants who left the "
                  "programme in {year}. Absolute numbers and per cent. N={n}"),
    "fig_3_4": N_("Main reason for leaving by municipality/district (anonymised) for the {n} who "
                  "completed or aborted Ny sjanse in {year} (not counting the {transferred} who "
                  "went to the qualification programme). Absolute numbers."),
    "aborted_share": N_("Share aborted"),
    "exit_aborted": N_("Aborted or stopped"),
    "fig_3_5": N_("Average number of months in Ny sjanse of those who aborted or completed in "
                  "{year}."),
    "avg_completed": N_("The participant completed Ny sjanse"),
    "avg_aborted": N_("The participant aborted or was stopped"),
    "avg_transferred": N_("The participant was transferred to the qualification programme"),
    "year_end_title": N_("Participants at the turn of {next}"),
    "year_end_lead": N_("The {active} participants who continued into {next} had at the end of "
                        "{year} been in Ny sjanse for {avg} months on average. {share} had been "
                        "in the programme a year or less, and {over} for more than two years."),
    "fig_year_end": N_("Participants in Ny sjanse on {day} by months in the programme. Absolute "
                       "numbers."),
    "ye_active": N_("Participants at the end of the year"),
    "ye_suspended": N_("Of these on leave"),
    "ye_avg": N_("Average months in Ny sjanse"),
    "ye_within_12": N_("Share with a year or less in the programme"),
    "ye_over_24": N_("Participants for more than two years"),
    "ye_bin": N_("Months in the programme"),
    "ch4": N_("Goal attainment"),
    "ch4_lead": N_("{woe} of the {base} who left Ny sjanse in {year} ({rate} per cent) went on "
                   "to work or education: an ordinary full-time or part-time job, a subsidised "
                   "job or education. The {transferred} who went to the qualification programme "
                   "are not included."),
    "fig_4_1": N_("Results of Ny sjanse {year}. Share of men and women who completed or aborted "
                  "(not counting the {transferred} who went to the qualification programme). Per "
                  "cent. N={n}"),
    "woe": N_("Work or education"),
    "not_woe": N_("Not work or education"),
    "fig_4_2": N_("Results for those who completed or aborted Ny sjanse in {year}, by what they "
                  "went on to. Absolute numbers and per cent. N={n}"),
    "outcome_aborted": N_("Aborted"),
    "fig_4_3": N_("Average length of participation in Ny sjanse by gender and whether the "
                  "participants went to work or education. Months."),
    "sec_4_1": N_("Reasons for aborted participation"),
    "sec_4_1_lead": N_("Figure 4.4 shows the main reason why {n} participants aborted Ny sjanse "
                       "in {year}."),
    "fig_4_4": N_("Main reason for aborted participation in Ny sjanse in {year}. Absolute "
                  "numbers and per cent. N={n}"),
    "fig_4_5": N_("Average length of the programme for those who aborted or had Ny sjanse "
                  "stopped in {year}, by reason and gender. Months."),
    "sec_4_2": N_("The incentive scheme {year}"),
    "sec_4_2_lead": N_("Incentive payments were granted for {n} former Ny sjanse participants in "
                       "all, {f} women and {m} men. {twelve} have been in work for a year or "
                       "more."),
    "fig_incentive": N_("Former participants with incentive payments in {year}, by industry. "
                        "Absolute numbers."),
    "inc_participants": N_("Former participants in work"),
    "inc_twelve": N_("In work for a year or more"),
    "industry": N_("Industry"),
    "sec_4_3": N_("Goal attainment by municipality/district"),
    "sec_4_3_lead": N_("Of the participants in Ny sjanse in {year}, {share} per cent left during "
                       "the year: {exits} participants, {f} women and {m} men. {remaining} "
                       "participants remained at the end of the year."),
    "fig_4_6": N_("Share (read off the percentage axis) and number (given in the bars) who went "
                  "and did not go to work/education by municipality/district (anonymised), "
                  "ranked by the number who left Ny sjanse in {year}. {n} participants in all "
                  "(not counting the {transferred} who went to the qualification programme). Per "
                  "cent and absolute numbers."),
    "left": N_("Left"),
    "ch5": N_("The women in Ny sjanse"),
    "ch5_lead": N_("In {year}, {f} women took part in Ny sjanse, a women's share of {share} per "
                   "cent. {over70} of the year's projects had more than 70 per cent women. "
                   "{woe_f} per cent of the women who left Ny sjanse went to work/education, "
                   "against {woe_m} per cent of the men."),
    "fig_5_1": N_("Women's share in Ny sjanse by project municipality/district in {year}. Per "
                  "cent."),
    "women_share": N_("Women's share"),
    "participants": N_("Participants"),
    "ch6": N_("The qualification programme and cooperation with NAV"),
    "sec_6_2": N_("Transfers to the qualification programme"),
    "sec_6_2_lead": N_("{n} participants were transferred to the qualification programme in "
                       "{year}, {f} women and {m} men, from {projects} municipalities/districts. "
                       "They had been in Ny sjanse for {avg} months on average."),
    "fig_nav": N_("Participants transferred from Ny sjanse to the qualification programme in "
                  "{year}, by municipality/district. Absolute numbers."),
    "transferred": N_("Transferred"),
    "nav_avg": N_("Average months in Ny sjanse before the transfer"),
}
# the names of codes, one definition with the command line's tables (i18n.terms)
for _prefix, _kind in (("exit_", "exit_type"), ("outcome_", "outcome"),
                       ("reason_", "abort_reason"), ("industry_", "industry")):
    EN.update({_prefix + code: label for code, label in TERMS[_kind].items()})


DASH = "–"  # an empty group (null in the statistics)


class Words:
    """The labels of one language (the catalog's wording of EN), its numbers and countries."""

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        self.lang = lang
        self.catalog = translations(lang)

    def __getitem__(self, key: str) -> str:
        if key == "html_lang":
            return self.lang
        return self.catalog.gettext(EN[key])

    def __call__(self, key: str, **values) -> str:
        return self[key].format(**values)

    # -- numbers and countries (CLDR, i18n) ----------------------------------------------------

    def integer(self, n: int | None) -> str:
        return number(n, 0, self.lang)

    def decimal(self, x: float | None, places: int = 1) -> str:
        """`16,7` in bokmål, `16.7` in English; a dash for no value."""
        return number(x, places, self.lang)

    def pct_number(self, rate: float | None, places: int = 1) -> str:
        """A rate (0-1) as a percentage number without the sign: `42,7`."""
        return DASH if rate is None else self.decimal(100 * rate, places)

    def pct(self, rate: float | None, places: int = 1) -> str:
        """A rate (0-1) as the language writes it: `42,7 %` in bokmål, `42.7%` in English."""
        return percent(rate, places, self.lang)

    def country(self, code: str) -> str:
        return country(code, self.lang)

    def project_letter(self, index: int) -> str:
        """Prosjekt A, B, ..., Z, AA, AB, ... (anonymised projects)."""
        letters = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return f"{self['project_anon']} {letters}"


def text(lang: str) -> Words:
    return Words(lang)
