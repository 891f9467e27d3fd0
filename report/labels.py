"""The report's words in bokmål (the wording of IMDi's 2008 report) and English, and number
formatting as each language writes numbers (bokmål: `42,7 %`, `1 234`; English: `42.7 %`).

`text(lang)` gives a `Words` object: `w["key"]` is a plain string, `w("key", n=1)` formats it.
"""
from __future__ import annotations

LANGS = ("nb", "en")

NB: dict[str, str] = {
    "html_lang": "nb",
    "doc_title": "Ny sjanse {year}. Resultater og erfaringer",
    "subtitle": "Deltakere, måloppnåelse, kvinnene i Ny sjanse og overføring til "
                "kvalifiseringsprogram, regenerert fra hendelsesloggen",
    "known_at": "Slik det var kjent {known_at}",
    "known_now": "Alt som er registrert",
    "changes_title": "Vedlegg: tall endret siden {since}",
    "changes_lead": "Tallene for {year} som er annerledes enn det som var kjent {since}, med "
                    "deltakerne som er kommet til eller falt ut, og hendelsene som er registrert "
                    "eller trukket tilbake siden og forklarer det («nysjanse changes»).",
    "changes_none": "Ingen tall er endret.",
    "changes_figure": "Tall",
    "changes_before": "Før",
    "changes_after": "Nå",
    "changes_added": "Kommet til",
    "changes_removed": "Falt ut",
    "changes_events": "Hendelser",
    "generated": "Laget {now}",
    "log_head": "Beregnet fra hendelsesloggen til og med posisjon {position}, med kjedens "
                "sjekksum {digest} (kontrolleres med «nysjanse verify --head "
                "{position}:{digest}»)",
    "log_unchained": "Beregnet fra hendelsesloggen til og med posisjon {position}; loggen har "
                     "ingen hash-kjede der (skrevet før kjeden ble innført)",
    "contents": "Innhold",
    "source": "Kilde: hendelsesloggen i nysjanse (inntak, utskriving, overføring og "
              "oppfølging). Tallene er de samme som i «nysjanse stats {year}».",
    "figure": "Figur",
    "table_note": "Tabell til figuren",
    "total": "I alt",
    "women": "Kvinner",
    "men": "Menn",
    "all": "Alle",
    "count": "Antall",
    "percent": "Prosent",
    "months": "Måneder",
    "n": "N",
    "project": "Kommune/bydel",
    "project_anon": "Prosjekt",
    "none_in_year": "Ingen deltakere i {year}.",
    # key figures
    "key_title": "Ny sjanse {year}",
    "key_women": "{n} kvinner ({p})",
    "key_men": "{n} menn ({p})",
    "key_countries": "Deltakere fra {n} land",
    "key_projects": "{n} prosjekter med deltakere",
    "key_exits": "{n} gikk ut av Ny sjanse i løpet av året",
    "key_woe": "{p} av dem som avsluttet eller avbrøt gikk til arbeid eller utdanning",
    # chapter 3
    "ch3": "Deltakere og prosjekter",
    "ch3_lead": "Av de {participants} personene som var deltakere i Ny sjanse i løpet av "
                "{year}, var {carried} med ved inngangen av året, det vil si de ble overført "
                "fra {prev}. {new} nye deltakere ble tatt inn i løpet av {year}. Deltakerne kom "
                "fra {countries} land.",
    "fig_3_1": "De {n} deltakerne i {year} etter start-år og kommune/bydel. Absolutte tall.",
    "start_year": "Start-år",
    "fig_3_2": "Fordeling på landbakgrunn for {shown} ({p} prosent) av deltakerne. "
               "Absolutte tall.",
    "country": "Landbakgrunn",
    "other_countries": "Andre land ({n})",
    "sec_3_1": "Hovedgrunn til utskriving av Ny sjanse i {year}",
    "sec_3_1_lead": "Av de {participants} deltakerne i {year} var {remaining} fortsatt "
                    "deltakere ved overgangen til {next}. Det vil si at {exits} deltakere gikk "
                    "ut av Ny sjanse i løpet av året. {completed} personer gjennomførte og "
                    "avsluttet på ordinært vis, {aborted} avbrøt eller fikk avbrutt "
                    "deltakelsen, og {transferred} ble overført til kvalifiseringsprogrammet.",
    "fig_3_3": "Hovedgrunn til utskriving av Ny sjanse for de {n} deltakerne som gikk ut av "
               "program i {year}. Absolutte tall og prosent. N={n}",
    "exit_completed": "Gjennomførte og avsluttet Ny sjanse",
    "exit_aborted_by_participant": "Avbrøt selv deltakelsen",
    "exit_aborted_by_decision": "Vedtak om permanent stans av program",
    "exit_transferred_to_nav": "Overført til kvalifiseringsprogram",
    "fig_3_4": "Hovedgrunn til utskriving etter kommune/bydel (anonymisert) for de {n} som "
               "avsluttet eller avbrøt Ny sjanse i {year} (ikke medregnet de {transferred} som "
               "gikk til Kvalifiseringsprogrammet). Absolutte tall.",
    "aborted_share": "Andel avbrutt",
    "exit_aborted": "Avbrøt eller fikk avbrutt deltakelsen",
    "fig_3_5": "Gjennomsnittlig antall måneder de som avbrøt eller avsluttet Ny sjanse i "
               "{year} hadde vært deltakere.",
    "avg_completed": "Deltaker gjennomførte og avsluttet Ny sjanse",
    "avg_aborted": "Deltaker avbrøt eller fikk avbrutt deltakelsen",
    "avg_transferred": "Deltaker ble overført til kvalifiseringsprogram",
    "year_end_title": "Deltakere ved overgangen til {next}",
    "year_end_lead": "De {active} deltakerne som ble med videre i {next}, hadde ved utgangen av "
                     "{year} i gjennomsnitt vært i Ny sjanse i {avg} måneder. {share} hadde "
                     "vært deltakere ett år eller mindre, og {over} hadde vært deltakere i mer "
                     "enn to år.",
    "fig_year_end": "Deltakere i Ny sjanse per {day} etter antall måneder i programmet. "
                    "Absolutte tall.",
    "ye_active": "Deltakere ved utgangen av året",
    "ye_suspended": "Av disse i permisjon",
    "ye_avg": "Gjennomsnittlig antall måneder i Ny sjanse",
    "ye_within_12": "Andel med ett år eller mindre i programmet",
    "ye_over_24": "Deltakere i mer enn to år",
    "ye_bin": "Måneder i programmet",
    # chapter 4
    "ch4": "Måloppnåelse",
    "ch4_lead": "{woe} av de {base} som gikk ut av Ny sjanse i {year} ({rate} prosent), "
                "gikk over til arbeid eller utdanning, det vil si ordinært heltids- eller "
                "deltidsarbeid, arbeid med lønnstilskudd eller utdanning. De {transferred} som "
                "gikk til kvalifiseringsprogrammet, er ikke medregnet.",
    "fig_4_1": "Resultater Ny sjanse {year}. Andel menn og kvinner som avsluttet eller avbrøt "
               "deltakelsen (ikke medregnet de {transferred} som gikk til "
               "Kvalifiseringsprogrammet). Prosent. N={n}",
    "woe": "Arbeid eller utdanning",
    "not_woe": "Ikke arbeid eller utdanning",
    "fig_4_2": "Resultater for de som avsluttet eller avbrøt Ny sjanse i {year}, etter hva de "
               "gikk til. Absolutte tall og prosent. N={n}",
    "outcome_full_time_job": "Ordinært heltidsarbeid",
    "outcome_part_time_job": "Ordinært deltidsarbeid",
    "outcome_subsidised_job": "Arbeid med lønnstilskudd",
    "outcome_education": "Utdanning",
    "outcome_course_or_measure": "Kurs eller andre tiltak",
    "outcome_job_seeker": "Registrert arbeidssøker hos NAV",
    "outcome_no_activity": "Uten aktivitet",
    "outcome_other": "Annet",
    "outcome_aborted": "Avbrøt deltakelsen",
    "fig_4_3": "Gjennomsnittlig lengde på deltakelse i Ny sjanse, etter kjønn og om "
               "deltakerne gikk til arbeid eller utdanning. Antall måneder.",
    "sec_4_1": "Årsaker til avbrutt deltakelse",
    "sec_4_1_lead": "Figur 4.4 viser hovedårsak til at {n} deltakere avbrøt deltakelsen i Ny "
                    "sjanse i {year}.",
    "fig_4_4": "Hovedårsak til avbrutt deltakelse i Ny sjanse i {year}. Absolutte tall og "
               "prosent. N={n}",
    "reason_health": "Ikke i stand til å nyttiggjøre seg fulltidsprogram",
    "reason_behaviour": "Atferd i/utenfor Ny sjanse",
    "reason_invalid_absence": "For høyt ugyldig fravær",
    "reason_moved": "Flyttet",
    "reason_benefits": "Inntektssikret gjennom andre offentlige stønader",
    "reason_disappeared": "Forsvunnet",
    "reason_other": "Annet",
    "fig_4_5": "Gjennomsnittlig lengde på program for dem som avbrøt/fikk avbrutt deltakelsen "
               "i Ny sjanse i {year}, etter årsak og kjønn. Antall måneder.",
    "sec_4_2": "Incentivordningen {year}",
    "sec_4_2_lead": "Det er innvilget incentivmidler for til sammen {n} tidligere Ny "
                    "sjanse-deltakere. Av disse er {f} kvinner og {m} menn. {twelve} har vært i "
                    "arbeid i ett år eller mer.",
    "fig_incentive": "Tidligere deltakere med incentivmidler i {year}, etter bransje. Absolutte "
                     "tall.",
    "inc_participants": "Tidligere deltakere i arbeid",
    "inc_twelve": "I arbeid i ett år eller mer",
    "industry": "Bransje",
    "industry_cleaning": "Renhold",
    "industry_warehouse_workshop": "Lager/verksted",
    "industry_canteen_restaurant": "Kantine/restaurant",
    "industry_driver": "Sjåføryrket",
    "industry_other": "Annet",
    "sec_4_3": "Måloppnåelse på kommune-/bydelsnivå",
    "sec_4_3_lead": "Av deltakerne i Ny sjanse i {year} var det {share} prosent som sluttet i "
                    "løpet av året. Dette var til sammen {exits} deltakere, {f} kvinner og {m} "
                    "menn. {remaining} deltakere var igjen ved utgangen av året.",
    "fig_4_6": "Andel (leses av prosentakse) og antall (oppgitt i søylene) som gikk til og ikke "
               "gikk til jobb/utdanning etter kommune/bydel (anonymisert), rangert etter antall "
               "som gikk ut av Ny sjanse i {year}. Tilsammen {n} deltakere (ikke medberegnet de "
               "{transferred} som gikk til Kvalifiseringsprogrammet). Prosent og absolutte tall.",
    "left": "Gikk ut",
    # chapter 5
    "ch5": "Kvinnene i Ny sjanse",
    "ch5_lead": "I {year} har {f} kvinner vært deltakere i Ny sjanse. Kvinneandelen var på "
                "{share} prosent. {over70} av årets prosjekter hadde mer enn 70 prosent "
                "kvinnelige deltakere. {woe_f} prosent av kvinnene som gikk ut av Ny sjanse, gikk "
                "til arbeid/utdanning, mot {woe_m} prosent av mennene.",
    "fig_5_1": "Kvinneandel i Ny sjanse i de ulike prosjektkommunene/bydelene i {year}. "
               "Prosent.",
    "women_share": "Kvinneandel",
    "participants": "Deltakere",
    # chapter 6
    "ch6": "Kvalifiseringsprogram og samarbeid med NAV",
    "sec_6_2": "Overføring til kvalifiseringsprogram",
    "sec_6_2_lead": "{n} deltakere ble overført til kvalifiseringsprogram i {year}, {f} "
                    "kvinner og {m} menn, fra {projects} kommuner/bydeler. De hadde i "
                    "gjennomsnitt vært {avg} måneder i Ny sjanse.",
    "fig_nav": "Deltakere overført fra Ny sjanse til kvalifiseringsprogrammet i {year}, etter "
               "kommune/bydel. Absolutte tall.",
    "transferred": "Overført",
    "nav_avg": "Gjennomsnittlig antall måneder i Ny sjanse før overføring",
}

EN: dict[str, str] = {
    "html_lang": "en",
    "doc_title": "Ny sjanse {year}. Results and experiences",
    "subtitle": "Participants, goal attainment, the women in Ny sjanse and transfers to the "
                "qualification programme, regenerated from the event log",
    "known_at": "As known at {known_at}",
    "known_now": "Everything recorded",
    "changes_title": "Appendix: figures changed since {since}",
    "changes_lead": "The figures for {year} that differ from what was known at {since}, with "
                    "the participants added and removed, and the events recorded or retracted "
                    "since that account for them (“nysjanse changes”).",
    "changes_none": "No figure has changed.",
    "changes_figure": "Figure",
    "changes_before": "Then",
    "changes_after": "Now",
    "changes_added": "Added",
    "changes_removed": "Removed",
    "changes_events": "Events",
    "generated": "Generated {now}",
    "log_head": "Computed from the event log up to position {position}, whose chain digest is "
                "{digest} (checked with “nysjanse verify --head {position}:{digest}”)",
    "log_unchained": "Computed from the event log up to position {position}; the log has no "
                     "hash chain there (written before the chain)",
    "contents": "Contents",
    "source": "Source: the nysjanse event log (intakes, exits, transfers and follow-ups). "
              "The numbers are those of “nysjanse stats {year}”.",
    "figure": "Figure",
    "table_note": "Table for the figure",
    "total": "Total",
    "women": "Women",
    "men": "Men",
    "all": "All",
    "count": "Number",
    "percent": "Per cent",
    "months": "Months",
    "n": "N",
    "project": "Municipality/district",
    "project_anon": "Project",
    "none_in_year": "No participants in {year}.",
    "key_title": "Ny sjanse {year}",
    "key_women": "{n} women ({p})",
    "key_men": "{n} men ({p})",
    "key_countries": "Participants from {n} countries",
    "key_projects": "{n} projects with participants",
    "key_exits": "{n} left Ny sjanse during the year",
    "key_woe": "{p} of those who completed or aborted went to work or education",
    "ch3": "Participants and projects",
    "ch3_lead": "Of the {participants} people who took part in Ny sjanse during {year}, "
                "{carried} were in the programme at the start of the year, carried over from "
                "{prev}. {new} new participants were admitted during {year}. The participants "
                "came from {countries} countries.",
    "fig_3_1": "The {n} participants in {year} by start year and municipality/district. "
               "Absolute numbers.",
    "start_year": "Start year",
    "fig_3_2": "Country of background for {shown} ({p} per cent) of the participants. "
               "Absolute numbers.",
    "country": "Country of background",
    "other_countries": "Other countries ({n})",
    "sec_3_1": "Main reason for leaving Ny sjanse in {year}",
    "sec_3_1_lead": "Of the {participants} participants in {year}, {remaining} were still in "
                    "the programme at the turn of {next}: {exits} participants left Ny sjanse "
                    "during the year. {completed} completed in the ordinary way, {aborted} "
                    "aborted or had their participation stopped, and {transferred} were "
                    "transferred to the qualification programme.",
    "fig_3_3": "Main reason for leaving Ny sjanse for the {n} participants who left the "
               "programme in {year}. Absolute numbers and per cent. N={n}",
    "exit_completed": "Completed Ny sjanse",
    "exit_aborted_by_participant": "Aborted by the participant",
    "exit_aborted_by_decision": "Stopped by decision",
    "exit_transferred_to_nav": "Transferred to the qualification programme",
    "fig_3_4": "Main reason for leaving by municipality/district (anonymised) for the {n} who "
               "completed or aborted Ny sjanse in {year} (not counting the {transferred} who "
               "went to the qualification programme). Absolute numbers.",
    "aborted_share": "Share aborted",
    "exit_aborted": "Aborted or stopped",
    "fig_3_5": "Average number of months in Ny sjanse of those who aborted or completed in "
               "{year}.",
    "avg_completed": "Completed Ny sjanse",
    "avg_aborted": "Aborted or stopped",
    "avg_transferred": "Transferred to the qualification programme",
    "year_end_title": "Participants at the turn of {next}",
    "year_end_lead": "The {active} participants who continued into {next} had at the end of "
                     "{year} been in Ny sjanse for {avg} months on average. {share} had been in "
                     "the programme a year or less, and {over} for more than two years.",
    "fig_year_end": "Participants in Ny sjanse on {day} by months in the programme. Absolute "
                    "numbers.",
    "ye_active": "Participants at the end of the year",
    "ye_suspended": "Of these on leave",
    "ye_avg": "Average months in Ny sjanse",
    "ye_within_12": "Share with a year or less in the programme",
    "ye_over_24": "Participants for more than two years",
    "ye_bin": "Months in the programme",
    "ch4": "Goal attainment",
    "ch4_lead": "{woe} of the {base} who left Ny sjanse in {year} ({rate} per cent) went on "
                "to work or education: an ordinary full-time or part-time job, a subsidised "
                "job or education. The {transferred} who went to the qualification programme "
                "are not included.",
    "fig_4_1": "Results of Ny sjanse {year}. Share of men and women who completed or aborted "
               "(not counting the {transferred} who went to the qualification programme). "
               "Per cent. N={n}",
    "woe": "Work or education",
    "not_woe": "Not work or education",
    "fig_4_2": "Results for those who completed or aborted Ny sjanse in {year}, by what they "
               "went on to. Absolute numbers and per cent. N={n}",
    "outcome_full_time_job": "Ordinary full-time job",
    "outcome_part_time_job": "Ordinary part-time job",
    "outcome_subsidised_job": "Subsidised job",
    "outcome_education": "Education",
    "outcome_course_or_measure": "Course or other measure",
    "outcome_job_seeker": "Registered job seeker at NAV",
    "outcome_no_activity": "No activity",
    "outcome_other": "Other",
    "outcome_aborted": "Aborted",
    "fig_4_3": "Average length of participation in Ny sjanse by gender and whether the "
               "participants went to work or education. Months.",
    "sec_4_1": "Reasons for aborted participation",
    "sec_4_1_lead": "Figure 4.4 shows the main reason why {n} participants aborted Ny sjanse "
                    "in {year}.",
    "fig_4_4": "Main reason for aborted participation in Ny sjanse in {year}. Absolute numbers "
               "and per cent. N={n}",
    "reason_health": "Not able to make use of a full-time programme",
    "reason_behaviour": "Behaviour in/outside Ny sjanse",
    "reason_invalid_absence": "Too much invalid absence",
    "reason_moved": "Moved",
    "reason_benefits": "Income secured through other public benefits",
    "reason_disappeared": "Disappeared",
    "reason_other": "Other",
    "fig_4_5": "Average length of the programme for those who aborted or had Ny sjanse "
               "stopped in {year}, by reason and gender. Months.",
    "sec_4_2": "The incentive scheme {year}",
    "sec_4_2_lead": "Incentive payments were granted for {n} former Ny sjanse participants in "
                    "all, {f} women and {m} men. {twelve} have been in work for a year or more.",
    "fig_incentive": "Former participants with incentive payments in {year}, by industry. "
                     "Absolute numbers.",
    "inc_participants": "Former participants in work",
    "inc_twelve": "In work for a year or more",
    "industry": "Industry",
    "industry_cleaning": "Cleaning",
    "industry_warehouse_workshop": "Warehouse/workshop",
    "industry_canteen_restaurant": "Canteen/restaurant",
    "industry_driver": "Driver",
    "industry_other": "Other",
    "sec_4_3": "Goal attainment by municipality/district",
    "sec_4_3_lead": "Of the participants in Ny sjanse in {year}, {share} per cent left during "
                    "the year: {exits} participants, {f} women and {m} men. {remaining} "
                    "participants remained at the end of the year.",
    "fig_4_6": "Share (read off the percentage axis) and number (given in the bars) who went "
               "and did not go to work/education by municipality/district (anonymised), "
               "ranked by the number who left Ny sjanse in {year}. {n} participants in all "
               "(not counting the {transferred} who went to the qualification programme). "
               "Per cent and absolute numbers.",
    "left": "Left",
    "ch5": "The women in Ny sjanse",
    "ch5_lead": "In {year}, {f} women took part in Ny sjanse, a women's share of {share} per "
                "cent. {over70} of the year's projects had more than 70 per cent women. "
                "{woe_f} per cent of the women who left Ny sjanse went to work/education, "
                "against {woe_m} per cent of the men.",
    "fig_5_1": "Women's share in Ny sjanse by project municipality/district in {year}. "
               "Per cent.",
    "women_share": "Women's share",
    "participants": "Participants",
    "ch6": "The qualification programme and cooperation with NAV",
    "sec_6_2": "Transfers to the qualification programme",
    "sec_6_2_lead": "{n} participants were transferred to the qualification programme in "
                    "{year}, {f} women and {m} men, from {projects} municipalities/districts. "
                    "They had been in Ny sjanse for {avg} months on average.",
    "fig_nav": "Participants transferred from Ny sjanse to the qualification programme in "
               "{year}, by municipality/district. Absolute numbers.",
    "transferred": "Transferred",
    "nav_avg": "Average months in Ny sjanse before the transfer",
}

# ISO 3166-1 alpha-2 -> (bokmål, English); an unknown code is shown as itself.
COUNTRIES: dict[str, tuple[str, str]] = {
    "AF": ("Afghanistan", "Afghanistan"), "AL": ("Albania", "Albania"),
    "AM": ("Armenia", "Armenia"), "AO": ("Angola", "Angola"),
    "AR": ("Argentina", "Argentina"), "AT": ("Østerrike", "Austria"),
    "AZ": ("Aserbajdsjan", "Azerbaijan"), "BA": ("Bosnia-Hercegovina", "Bosnia and Herzegovina"),
    "BD": ("Bangladesh", "Bangladesh"), "BF": ("Burkina Faso", "Burkina Faso"),
    "BG": ("Bulgaria", "Bulgaria"), "BI": ("Burundi", "Burundi"), "BJ": ("Benin", "Benin"),
    "BO": ("Bolivia", "Bolivia"), "BR": ("Brasil", "Brazil"), "BT": ("Bhutan", "Bhutan"),
    "BY": ("Hviterussland", "Belarus"),
    "CD": ("Kongo, Den demokratiske republikken", "Congo, Democratic Republic"),
    "CF": ("Den sentralafrikanske republikk", "Central African Republic"),
    "CG": ("Kongo-Brazzaville", "Congo-Brazzaville"), "CH": ("Sveits", "Switzerland"),
    "CI": ("Elfenbenskysten", "Côte d'Ivoire"), "CL": ("Chile", "Chile"),
    "CM": ("Kamerun", "Cameroon"), "CN": ("Kina", "China"), "CO": ("Colombia", "Colombia"),
    "CU": ("Cuba", "Cuba"), "CZ": ("Tsjekkia", "Czechia"), "DE": ("Tyskland", "Germany"),
    "DJ": ("Djibouti", "Djibouti"), "DK": ("Danmark", "Denmark"),
    "DO": ("Den dominikanske republikk", "Dominican Republic"), "DZ": ("Algerie", "Algeria"),
    "EC": ("Ecuador", "Ecuador"), "EE": ("Estland", "Estonia"), "EG": ("Egypt", "Egypt"),
    "ER": ("Eritrea", "Eritrea"), "ES": ("Spania", "Spain"), "ET": ("Etiopia", "Ethiopia"),
    "FI": ("Finland", "Finland"), "FR": ("Frankrike", "France"),
    "GB": ("Storbritannia", "United Kingdom"), "GE": ("Georgia", "Georgia"),
    "GH": ("Ghana", "Ghana"), "GM": ("Gambia", "Gambia"), "GN": ("Guinea", "Guinea"),
    "GR": ("Hellas", "Greece"), "GT": ("Guatemala", "Guatemala"), "HR": ("Kroatia", "Croatia"),
    "HT": ("Haiti", "Haiti"), "HU": ("Ungarn", "Hungary"), "ID": ("Indonesia", "Indonesia"),
    "IL": ("Israel", "Israel"), "IN": ("India", "India"), "IQ": ("Irak", "Iraq"),
    "IR": ("Iran", "Iran"), "IS": ("Island", "Iceland"), "IT": ("Italia", "Italy"),
    "JM": ("Jamaica", "Jamaica"), "JO": ("Jordan", "Jordan"), "KE": ("Kenya", "Kenya"),
    "KG": ("Kirgisistan", "Kyrgyzstan"), "KH": ("Kambodsja", "Cambodia"),
    "KR": ("Sør-Korea", "South Korea"), "KW": ("Kuwait", "Kuwait"),
    "KZ": ("Kasakhstan", "Kazakhstan"), "LA": ("Laos", "Laos"), "LB": ("Libanon", "Lebanon"),
    "LK": ("Sri Lanka", "Sri Lanka"), "LR": ("Liberia", "Liberia"),
    "LT": ("Litauen", "Lithuania"), "LV": ("Latvia", "Latvia"), "LY": ("Libya", "Libya"),
    "MA": ("Marokko", "Morocco"), "MD": ("Moldova", "Moldova"),
    "ME": ("Montenegro", "Montenegro"), "MG": ("Madagaskar", "Madagascar"),
    "MK": ("Makedonia", "North Macedonia"), "ML": ("Mali", "Mali"),
    "MM": ("Myanmar", "Myanmar"), "MN": ("Mongolia", "Mongolia"),
    "MR": ("Mauritania", "Mauritania"), "MW": ("Malawi", "Malawi"), "MX": ("Mexico", "Mexico"),
    "MY": ("Malaysia", "Malaysia"), "MZ": ("Mosambik", "Mozambique"),
    "NE": ("Niger", "Niger"), "NG": ("Nigeria", "Nigeria"), "NI": ("Nicaragua", "Nicaragua"),
    "NL": ("Nederland", "Netherlands"), "NP": ("Nepal", "Nepal"), "PE": ("Peru", "Peru"),
    "PH": ("Filippinene", "Philippines"), "PK": ("Pakistan", "Pakistan"),
    "PL": ("Polen", "Poland"), "PS": ("Palestina", "Palestine"),
    "PT": ("Portugal", "Portugal"), "RO": ("Romania", "Romania"), "RS": ("Serbia", "Serbia"),
    "RU": ("Russland", "Russia"), "RW": ("Rwanda", "Rwanda"),
    "SA": ("Saudi-Arabia", "Saudi Arabia"), "SD": ("Sudan", "Sudan"),
    "SE": ("Sverige", "Sweden"), "SK": ("Slovakia", "Slovakia"),
    "SL": ("Sierra Leone", "Sierra Leone"), "SN": ("Senegal", "Senegal"),
    "SO": ("Somalia", "Somalia"), "SS": ("Sør-Sudan", "South Sudan"),
    "SV": ("El Salvador", "El Salvador"), "SY": ("Syria", "Syria"), "TD": ("Tsjad", "Chad"),
    "TG": ("Togo", "Togo"), "TH": ("Thailand", "Thailand"),
    "TJ": ("Tadsjikistan", "Tajikistan"), "TM": ("Turkmenistan", "Turkmenistan"),
    "TN": ("Tunisia", "Tunisia"), "TR": ("Tyrkia", "Turkey"), "TZ": ("Tanzania", "Tanzania"),
    "UA": ("Ukraina", "Ukraine"), "UG": ("Uganda", "Uganda"), "US": ("USA", "United States"),
    "UZ": ("Usbekistan", "Uzbekistan"), "VE": ("Venezuela", "Venezuela"),
    "VN": ("Vietnam", "Vietnam"), "XK": ("Kosovo", "Kosovo"), "YE": ("Jemen", "Yemen"),
    "ZA": ("Sør-Afrika", "South Africa"), "ZM": ("Zambia", "Zambia"),
    "ZW": ("Zimbabwe", "Zimbabwe"),
}

DASH = "–"  # an empty group (null in the statistics)


class Words:
    """The labels of one language, and its number formats."""

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        self.lang = lang
        self.table = NB if lang == "nb" else EN

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __call__(self, key: str, **values) -> str:
        return self.table[key].format(**values)

    # -- numbers -----------------------------------------------------------------------------

    def integer(self, n: int | None) -> str:
        if n is None:
            return DASH
        text = f"{n:,d}"
        return text.replace(",", "\u00a0") if self.lang == "nb" else text

    def decimal(self, x: float | None, places: int = 1) -> str:
        """`16,7` in bokmål, `16.7` in English; a dash for no value."""
        if x is None:
            return DASH
        text = f"{x:,.{places}f}"
        if self.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def pct_number(self, rate: float | None, places: int = 1) -> str:
        """A rate (0-1) as a percentage number without the sign: `42,7`."""
        return DASH if rate is None else self.decimal(100 * rate, places)

    def pct(self, rate: float | None, places: int = 1) -> str:
        """A rate (0-1) as `42,7 %` (a non-breaking space before the sign, as the report)."""
        return DASH if rate is None else f"{self.pct_number(rate, places)}\u00a0%"

    def country(self, code: str) -> str:
        names = COUNTRIES.get(code)
        if names is None:
            return code
        return names[0] if self.lang == "nb" else names[1]

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
