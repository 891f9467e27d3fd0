"""Step definitions of the rulebook: Norwegian phrases that drive the real `Programme`.

Every scenario gets a fresh SQLite store. A `Gitt` step records a fact that must be accepted
(the scenario's premise); a `Når` step records a fact and keeps the outcome, which the `Så`
steps then judge: accepted means the fact is stored and visible in the participant's history;
refused means `RuleBroken` or `InvalidFact` was raised and no participant's history changed.

The phrases map onto the interchange format of docs/events.md through the small
vocabulary below (`ORDBOK`): what a programme officer writes on the left, the format's code on
the right.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from store.application import Programme
from tests.conftest import private_key_places  # noqa: F401 - never the real ~/.config
from domain.facts import InvalidFact
from domain.rules import RuleBroken

DATO = r"\d{4}-\d{2}-\d{2}"

# -- the vocabulary -------------------------------------------------------------------------

KJØNN = {"kvinne": "F", "mann": "M"}

INTRODUKSJONSPROGRAM = {
    "ikke omfattet": "none",
    "fullført": "completed",
    "mistet retten ved selvbosetting": "self_settled",
    "mistet retten ved flytting fra bosettingskommunen": "moved",
    "mistet retten ved avbrutt eller stanset program": "stopped",
}

PERMISJON = {
    "fødselspermisjon": "parental_leave",
    "sykepermisjon": "sick_leave",
    "permisjon av annen grunn": "other",
}

RESULTAT = {
    "heltidsarbeid": "full_time_job",
    "deltidsarbeid": "part_time_job",
    "arbeid med lønnstilskudd": "subsidised_job",
    "utdanning": "education",
    "kurs eller tiltak": "course_or_measure",
    "registrert arbeidssøker": "job_seeker",
    "ingen aktivitet": "no_activity",
    "annet": "other",
}

AVBRUDDSGRUNN = {
    "helse": "health",
    "atferd": "behaviour",
    "ugyldig fravær": "invalid_absence",
    "flytting": "moved",
    "andre ytelser": "benefits",
    "forsvunnet": "disappeared",
    "annet": "other",
}

BRANSJE = {
    "renhold": "cleaning",
    "lager og verksted": "warehouse_workshop",
    "kantine og restaurant": "canteen_restaurant",
    "sjåfør": "driver",
    "annet": "other",
}

STATUS = {
    "ikke startet": "not_started",
    "aktiv": "active",
    "i permisjon": "suspended",
    "gjennomført": "completed",
    "avbrutt": "aborted",
    "overført til NAV": "transferred",
}

TILTAK = ["norwegian", "work_practice", "social_orientation"]


def oppslag(ordbok: dict, verdi: str, hva: str) -> str:
    try:
        return ordbok[verdi]
    except KeyError:
        raise AssertionError(f"ukjent {hva} {verdi!r}; kjente: {', '.join(ordbok)}") from None


def tall(tekst: str) -> int | float:
    verdi = float(tekst.replace(",", "."))
    return int(verdi) if verdi.is_integer() else verdi


def tolk_hendelse(tekst: str) -> dict:
    """The type-specific fields of one fact, from its Norwegian description."""
    t = tekst.strip()
    if m := re.fullmatch(r'(?:et )?(?:nytt )?inntak(?: i prosjektet "(?P<prosjekt>[^"]+)")?'
                         r'(?: med programrådgiver "(?P<rådgiver>[^"]+)")?', t):
        fakta = {"type": "intake"}
        if m["prosjekt"]:
            fakta["project"] = m["prosjekt"]
        if m["rådgiver"]:
            fakta["counsellor"] = m["rådgiver"]
        return fakta
    if m := re.fullmatch(r"(?:en )?(?:revidert )?individuell plan(?: med mål (?P<mål>arbeid|utdanning))?", t):
        fakta = {"type": "plan", "measures": list(TILTAK)}
        if m["mål"]:
            fakta["goal"] = {"arbeid": "work", "utdanning": "education"}[m["mål"]]
        return fakta
    if m := re.fullmatch(r"(?:et )?(?P<gyldig>gyldig|ugyldig) fravær på (?P<dager>[\d,.]+) dag(?:er)?"
                         r"(?: med et notat på (?P<tegn>\d+) tegn)?", t):
        fakta = {"type": "absence", "days": tall(m["dager"]), "valid": m["gyldig"] == "gyldig"}
        if m["tegn"]:
            fakta["note"] = "n" * int(m["tegn"])
        return fakta
    if m := re.fullmatch(r"(?:en )?(?P<permisjon>fødselspermisjon|sykepermisjon|permisjon av annen grunn)", t):
        return {"type": "suspension", "reason": PERMISJON[m["permisjon"]]}
    if re.fullmatch(r"(?:en )?gjenopptakelse(?: etter permisjon)?", t):
        return {"type": "resumption"}
    if m := re.fullmatch(r'(?:et )?bytte av programrådgiver til "(?P<rådgiver>[^"]+)"', t):
        return {"type": "counsellor_change", "counsellor": m["rådgiver"]}
    if re.fullmatch(r"(?:en )?overføring til kvalifiseringsprogrammet(?: i NAV)?", t):
        return {"type": "transfer_to_nav"}
    if m := re.fullmatch(r'(?:en )?utskriving etter gjennomført program'
                         r'(?: med resultat "(?P<resultat>[^"]+)"| (?P<uten>uten resultat))', t):
        fakta = {"type": "exit", "kind": "completed"}
        if not m["uten"]:
            fakta["outcome"] = oppslag(RESULTAT, m["resultat"], "resultat")
        return fakta
    if m := re.fullmatch(r'(?:en )?utskriving (?P<av>der deltakeren selv avbrøt|ved vedtak om permanent stans)'
                         r'(?:, med grunn "(?P<grunn>[^"]+)"|, (?P<uten>uten grunn))', t):
        fakta = {"type": "exit", "kind": "aborted",
                 "by": "participant" if m["av"].startswith("der") else "decision"}
        if not m["uten"]:
            fakta["reason"] = oppslag(AVBRUDDSGRUNN, m["grunn"], "avbruddsgrunn")
        return fakta
    if m := re.fullmatch(r'(?:en )?oppfølging etter (?P<mnd>\d+) måneder'
                         r'(?:, (?P<arbeid>i arbeid|ikke i arbeid))?(?: innen "(?P<bransje>[^"]+)")?', t):
        fakta = {"type": "follow_up", "months": int(m["mnd"]),
                 "employed": m["arbeid"] != "ikke i arbeid"}
        if m["bransje"]:
            fakta["industry"] = oppslag(BRANSJE, m["bransje"], "bransje")
        return fakta
    if m := re.fullmatch(r'(?:en )?tilbaketrekking av "(?P<id>[^"]+)"(?: med begrunnelse "(?P<hvorfor>[^"]+)")?', t):
        return {"type": "retraction", "event": m["id"], "reason": m["hvorfor"] or "registrert ved en feil"}
    raise AssertionError(f"ukjent hendelse i steget: {tekst!r}")


def tillegg(tekst: str) -> dict:
    """Optional endings of an event step: `, med id "u1"` and `, registrert <tidspunkt>`."""
    meta = {}
    rest = tekst
    if m := re.search(r'med id "([^"]+)"', rest):
        meta["id"] = m[1]
        rest = rest.replace(m[0], "")
    if m := re.search(r"registrert (\S+)", rest):
        meta["recorded_at"] = m[1]
        rest = rest.replace(m[0], "")
    if rest.replace(",", "").replace(" og ", "").strip():
        raise AssertionError(f"uforstått tillegg i steget: {tekst!r}")
    return meta


# -- the scenario's state -------------------------------------------------------------------

@dataclass
class Forsøk:
    """One attempt to record a fact, and what came of it."""

    fakta: dict
    feil: Exception | None
    før: dict  # participant -> facts before the attempt
    deltaker: str | None = None  # whose history shows the fact, when not its participant (erasure)


@dataclass
class Saksmappe:
    app: Programme
    søker: dict = field(default_factory=lambda: {
        "project": "Bergen", "counsellor": "c1", "gender": "F", "country": "SO",
        "resident_since": "2004-01-01", "assistance_since": "2006-01-01",
        "intro_programme": "none"})
    sist_registrert: dict = field(default_factory=dict)  # participant -> recorded_at
    deltakere: set = field(default_factory=set)
    forsøk: Forsøk | None = None
    før_sletting: dict = field(default_factory=dict)  # what the read side said before an erasure
    svar: object = None  # the auditor's last answer (revisjon.feature)
    # id -> the pseudonym its erasure returned (and `erase` prints): nothing the store keeps
    # leads from an erased id to it any more
    pseudonymer: dict = field(default_factory=dict)

    def fakta(self, deltaker: str, dato: str, felt: dict, meta: dict) -> dict:
        """A whole fact: the intake gets the applicant's details; the fact is recorded on its own
        date unless told otherwise, and never before the participant's last recording."""
        fakta = {**felt, "participant": deltaker, "date": dato}
        if fakta["type"] == "intake":
            fakta = {**self.søker, **fakta}
        fakta.update(meta)
        if "recorded_at" not in fakta:
            tidspunkt = datetime.fromisoformat(f"{dato}T12:00:00+01:00")
            if deltaker in self.sist_registrert:
                tidspunkt = max(tidspunkt, datetime.fromisoformat(self.sist_registrert[deltaker])
                                + timedelta(minutes=1))
            fakta["recorded_at"] = tidspunkt.isoformat()
        elif fakta["recorded_at"] == "nå":
            del fakta["recorded_at"]  # the application's own default: the time of recording
        return fakta

    def historikk(self, deltaker: str) -> list:
        return list(self.app.history(self.pseudonymer.get(deltaker, deltaker)).facts)

    def forsøk_registrere(self, fakta: dict) -> Forsøk:
        deltaker = fakta["participant"]
        alle = self.deltakere | {deltaker}
        før = {d: self.historikk(d) for d in alle}
        try:
            lagret = self.app.record(dict(fakta))
            feil = None
        except (RuleBroken, InvalidFact) as avvist:
            lagret, feil = fakta, avvist
        self.deltakere.add(deltaker)
        if feil is None:
            self.sist_registrert[deltaker] = lagret["recorded_at"]
        self.forsøk = Forsøk(lagret, feil, før)
        return self.forsøk

    def registrer(self, fakta: dict) -> dict:
        forsøk = self.forsøk_registrere(fakta)
        if forsøk.feil is not None:
            raise AssertionError(f"forutsetningen ble avvist: {fakta} -> "
                                 f"{type(forsøk.feil).__name__}: {forsøk.feil}")
        self.forsøk = None
        return forsøk.fakta

    def tidslinje(self, deltaker: str):
        return self.app.history(deltaker).timeline


@pytest.fixture
def programme(tmp_path):
    app = Programme(str(tmp_path / "store.db"), "kari")
    yield app
    app.close()


@pytest.fixture
def mappe(programme) -> Saksmappe:
    return Saksmappe(programme)


# -- the applicant (eligibility) --------------------------------------------------------------

SØKER = '(?:en søker som|søkeren|at søkeren|som)'


@given(parsers.re(rf"{SØKER} er (?P<kjønn>kvinne|mann)"))
def søker_kjønn(mappe, kjønn):
    mappe.søker["gender"] = KJØNN[kjønn]


@given(parsers.re(rf"{SØKER} har bodd i kommunen siden (?P<dato>{DATO})"))
def søker_botid(mappe, dato):
    mappe.søker["resident_since"] = dato


@given(parsers.re(rf"{SØKER} har mottatt sosialhjelp sammenhengende siden (?P<dato>{DATO})"))
def søker_sosialhjelp(mappe, dato):
    mappe.søker["assistance_since"] = dato


@given(parsers.re(r"(?:at søkeren ikke mottar|søkeren mottar ikke|som ikke mottar|en søker som ikke mottar) "
                  r"sosialhjelp"))
def søker_uten_sosialhjelp(mappe):
    mappe.søker["assistance_since"] = None


@given(parsers.re(r'(?:at )?søkerens forhold til introduksjonsprogrammet er "(?P<forhold>[^"]+)"'))
def søker_introduksjonsprogram(mappe, forhold):
    mappe.søker["intro_programme"] = oppslag(INTRODUKSJONSPROGRAM, forhold, "forhold til introduksjonsprogrammet")


@when(parsers.re(rf'søkeren tas inn i Ny sjanse (?P<dato>{DATO})(?: som "(?P<deltaker>[^"]+)")?'))
def søkeren_tas_inn(mappe, dato, deltaker):
    mappe.forsøk_registrere(mappe.fakta(deltaker or "s1", dato, {"type": "intake"}, {}))


# -- intakes ------------------------------------------------------------------------------------

INNTAK = (rf'"(?P<deltaker>[^"]+)" (?:ble tatt|tas) inn (?P<dato>{DATO})'
          r'(?: i prosjektet "(?P<prosjekt>[^"]+)")?(?: med programrådgiver "(?P<rådgiver>[^"]+)")?(?P<rest>.*)')


def inntak(mappe, deltaker, dato, prosjekt, rådgiver, rest) -> dict:
    felt = {"type": "intake"}
    if prosjekt:
        felt["project"] = prosjekt
    if rådgiver:
        felt["counsellor"] = rådgiver
    return mappe.fakta(deltaker, dato, felt, tillegg(rest))


@given(parsers.re(f"(?:at )?{INNTAK}"))
def er_tatt_inn(mappe, deltaker, dato, prosjekt, rådgiver, rest):
    mappe.registrer(inntak(mappe, deltaker, dato, prosjekt, rådgiver, rest))


@when(parsers.re(INNTAK))
def tas_inn(mappe, deltaker, dato, prosjekt, rådgiver, rest):
    mappe.forsøk_registrere(inntak(mappe, deltaker, dato, prosjekt, rådgiver, rest))


@given(parsers.re(rf'(?:at )?programrådgiver "(?P<rådgiver>[^"]+)" har fått (?P<antall>\d+) deltakere, '
                  rf'"(?P<første>[^"]+)" til "(?P<siste>[^"]+)", tatt inn (?P<dato>{DATO})'))
def full_saksmengde(mappe, rådgiver, antall, første, siste, dato):
    prefiks, fra = første.rsplit("-", 1)
    prefiks2, til = siste.rsplit("-", 1)
    assert prefiks == prefiks2 and int(til) - int(fra) + 1 == int(antall), "navnene stemmer ikke med antallet"
    for nummer in range(int(fra), int(til) + 1):
        mappe.registrer(mappe.fakta(f"{prefiks}-{nummer}", dato,
                                    {"type": "intake", "counsellor": rådgiver}, {}))


# -- any event ------------------------------------------------------------------------------

HENDELSE = rf'(?P<hendelse>.+?) for "(?P<deltaker>[^"]+)" datert (?P<dato>{DATO})(?P<rest>.*)'


@given(parsers.re(f"(?:at )?det er registrert {HENDELSE}"))
def er_registrert(mappe, hendelse, deltaker, dato, rest):
    mappe.registrer(mappe.fakta(deltaker, dato, tolk_hendelse(hendelse), tillegg(rest)))


@when(parsers.re(f"det registreres {HENDELSE}"))
def registreres(mappe, hendelse, deltaker, dato, rest):
    mappe.forsøk_registrere(mappe.fakta(deltaker, dato, tolk_hendelse(hendelse), tillegg(rest)))


# The application's clock, stopped for the "i dag" steps: half past midnight in Norway, still
# the day before in UTC. "Today" is then the day of the recorded moment itself, and no run that
# straddles midnight, or runs in another time zone, can change the outcome.
NÅ = "2008-10-01T00:30:00+02:00"


@when(parsers.re(r'det i dag registreres (?P<hendelse>.+?) for "(?P<deltaker>[^"]+)" datert (?P<når>i dag|i morgen)'))
def registreres_i_dag(mappe, hendelse, deltaker, når, monkeypatch):
    import store.application
    monkeypatch.setattr(store.application, "now_iso", lambda: NÅ)
    dag = date.fromisoformat(NÅ[:10]) + timedelta(days=1 if når == "i morgen" else 0)
    forsøk = mappe.forsøk_registrere(mappe.fakta(deltaker, dag.isoformat(),
                                                 tolk_hendelse(hendelse), {"recorded_at": "nå"}))
    assert forsøk.feil is not None or forsøk.fakta["recorded_at"] == NÅ, "klokken ble ikke stoppet"


@given(parsers.re(r'(?:at )?"(?P<deltaker>[^"]+)" har denne historikken:'))
def historikk(mappe, deltaker, datatable):
    """A table of `dato | hendelse` with optional columns `id` and `registrert`."""
    overskrift, *rader = datatable
    for rad in rader:
        celler = dict(zip(overskrift, rad))
        meta = {}
        if celler.get("id"):
            meta["id"] = celler["id"]
        if celler.get("registrert"):
            meta["recorded_at"] = celler["registrert"]
        mappe.registrer(mappe.fakta(deltaker, celler["dato"], tolk_hendelse(celler["hendelse"]), meta))


# -- outcome --------------------------------------------------------------------------------

def utfall(mappe) -> Forsøk:
    assert mappe.forsøk is not None, "ingen registrering ble forsøkt i Når-steget"
    return mappe.forsøk


def godtatt(mappe):
    forsøk = utfall(mappe)
    assert forsøk.feil is None, f"avvist: {type(forsøk.feil).__name__}: {forsøk.feil}"
    lagret = mappe.historikk(forsøk.deltaker or forsøk.fakta["participant"])
    assert forsøk.fakta in lagret, "godtatt, men ikke å finne i historikken"
    assert lagret[-1]["id"] == forsøk.fakta["id"]


def avvist(mappe) -> Exception:
    forsøk = utfall(mappe)
    assert forsøk.feil is not None, f"godtatt, men skulle vært avvist: {forsøk.fakta}"
    for deltaker, før in forsøk.før.items():
        assert mappe.historikk(deltaker) == før, f"historikken til {deltaker} ble endret av en avvist hendelse"
    return forsøk.feil


@then(parsers.re(r"blir (?P<hva>\w+) (?P<resultat>godtatt|avvist)"))
def blir(mappe, hva, resultat):
    godtatt(mappe) if resultat == "godtatt" else avvist(mappe)


def melding(feil: Exception, språk: str) -> str:
    """Avvisningen slik brukeren leser den: på bokmål (standard) eller engelsk (`--lang en`)."""
    from i18n import translations
    return feil.say(translations(språk).gettext) if hasattr(feil, "say") else str(feil)


def språket(engelsk: str | None) -> str:
    return "en" if engelsk else "nb"


@then(parsers.re(r'blir (?P<hva>\w+) avvist med (?P<engelsk>den engelske )?meldingen '
                 r'"(?P<tekst>.+)"'))
def avvist_med_meldingen(mappe, hva, engelsk, tekst):
    feil = avvist(mappe)
    assert melding(feil, språket(engelsk)) == tekst


@then(parsers.re(r'blir (?P<hva>\w+) avvist med en (?P<engelsk>engelsk )?melding som inneholder '
                 r'"(?P<tekst>.+)"'))
def avvist_med_melding_som_inneholder(mappe, hva, engelsk, tekst):
    feil = avvist(mappe)
    said = melding(feil, språket(engelsk))
    assert tekst in said, f"meldingen var: {said}"


@then(parsers.re(r"blir (?P<hva>\w+) avvist fordi registreringen ikke følger formatet"))
def avvist_som_ugyldig(mappe, hva):
    feil = avvist(mappe)
    assert isinstance(feil, InvalidFact), f"{type(feil).__name__}: {feil}"


# -- state ----------------------------------------------------------------------------------

@then(parsers.re(rf'"(?P<deltaker>[^"]+)" har status "(?P<status>[^"]+)" per (?P<dato>{DATO})'))
def har_status(mappe, deltaker, status, dato):
    faktisk = mappe.tidslinje(deltaker).state_on(dato)
    ventet = oppslag(STATUS, status, "status")
    assert faktisk == ventet, f"status {faktisk}, ventet {ventet}"


@then(parsers.re(rf'"(?P<deltaker>[^"]+)" har programrådgiver "(?P<rådgiver>[^"]+)" per (?P<dato>{DATO})'))
def har_rådgiver(mappe, deltaker, rådgiver, dato):
    assert mappe.tidslinje(deltaker).counsellor_on(dato) == rådgiver


@then(parsers.re(rf'programrådgiver "(?P<rådgiver>[^"]+)" har (?P<antall>\d+) (?:aktiv deltaker|aktive deltakere) per (?P<dato>{DATO})'))
def har_aktive(mappe, rådgiver, antall, dato):
    bok = mappe.app.caseload_book([rådgiver])
    assert bok.active_count(rådgiver, dato) == int(antall)


@then(parsers.re(r'"(?P<deltaker>[^"]+)" har (?P<antall>\d+) oppfølging(?:er)?'))
def har_oppfølginger(mappe, deltaker, antall):
    assert len(mappe.tidslinje(deltaker).follow_ups) == int(antall)


@then(parsers.re(r'hendelsen "(?P<id>[^"]+)" er trukket tilbake for "(?P<deltaker>[^"]+)"'))
def er_trukket_tilbake(mappe, id, deltaker):
    historie = mappe.app.history(deltaker)
    assert id in historie.retracted()
    assert all(f["id"] != id for f in historie.timeline.events)


@then(parsers.re(r'"(?P<deltaker>[^"]+)" har (?P<antall>\d+) hendelser i historikken'))
def antall_hendelser(mappe, deltaker, antall):
    assert len(mappe.historikk(deltaker)) == int(antall)


# -- the auditor (revisjon.feature): explain, changes, history as it stood -------------------

TIDSPUNKT = r"\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})"


def ider(tekst: str) -> list[str]:
    """`"a", "b" og "c"` -> ["a", "b", "c"]."""
    return re.findall(r'"([^"]+)"', tekst)


def lager(tmp_path) -> str:
    return str(tmp_path / "store.db")  # the `programme` fixture's store


@when(parsers.re(rf'revisoren spør hvem som står bak tallet "(?P<tall>[^"]+)" for (?P<år>\d{{4}})'
                 rf'(?: slik det var kjent (?P<kjent>{TIDSPUNKT}))?'))
def spør_hvem(mappe, tmp_path, tall, år, kjent):
    from projections import queries
    try:
        mappe.svar = queries.explain(lager(tmp_path), int(år), tall, known_at=kjent)
    except ValueError as feil:
        mappe.svar = feil


@then(parsers.re(r"er tallet (?P<verdi>\d+)"))
def er_tallet(mappe, verdi):
    assert mappe.svar["value"] == int(verdi) == len(mappe.svar["participants"])


@then(parsers.re(r'står "(?P<deltaker>[^"]+)" bak tallet med hendelsene (?P<hendelser>.+)'))
def står_bak(mappe, deltaker, hendelser):
    bak = {p["participant"]: p["events"] for p in mappe.svar["participants"]}
    assert bak.get(deltaker) == ider(hendelser), bak


@then(parsers.re(r'får revisoren svaret "(?P<melding>.+)"'))
def får_svaret(mappe, melding):
    assert isinstance(mappe.svar, ValueError) and str(mappe.svar) == melding


@when(parsers.re(rf"revisoren spør hva som er endret i statistikken for (?P<år>\d{{4}}) "
                 rf"fra (?P<fra>{TIDSPUNKT})(?: til (?P<til>{TIDSPUNKT}))?"))
def spør_hva_som_er_endret(mappe, tmp_path, år, fra, til):
    from projections import queries
    svar = queries.changes(lager(tmp_path), int(år), fra, til)
    mappe.svar = {c["figure"]: c for c in svar["changes"]}


@then(parsers.re(r'er tallet "(?P<tall>[^"]+)" endret fra (?P<før>\d+) til (?P<etter>\d+)'))
def endret_fra_til(mappe, tall, før, etter):
    endring = mappe.svar[tall]
    assert (endring["before"], endring["after"]) == (int(før), int(etter))


@then(parsers.re(r'er tallet "(?P<tall>[^"]+)" ikke endret'))
def ikke_endret(mappe, tall):
    assert tall not in mappe.svar


@then(parsers.re(r'har "(?P<deltaker>[^"]+)" (?P<hvordan>kommet til i|falt ut av) "(?P<tall>[^"]+)"'))
def kommet_til_eller_falt_ut(mappe, deltaker, hvordan, tall):
    endring = mappe.svar[tall]
    hvor = "participants_added" if hvordan == "kommet til i" else "participants_removed"
    assert deltaker in endring[hvor], endring


@then(parsers.re(r'forklares endringen i "(?P<tall>[^"]+)" av hendelsene (?P<hendelser>.+)'))
def forklares_av(mappe, tall, hendelser):
    assert mappe.svar[tall]["events"] == ider(hendelser)


@when(parsers.re(rf'revisoren ser historikken til "(?P<deltaker>[^"]+)" '
                 rf'slik den (?:var kjent (?P<kjent>{TIDSPUNKT})|er nå)'))
def ser_historikken(mappe, tmp_path, deltaker, kjent):
    from projections import queries
    mappe.svar = queries.history(lager(tmp_path), deltaker, known_at=kjent)


@then(parsers.re(r"viser historikken hendelsene (?P<hendelser>.+)"))
def viser_hendelsene(mappe, hendelser):
    assert [f["id"] for f in mappe.svar] == ider(hendelser)


@then(parsers.re(r'er "(?P<id>[^"]+)" (?P<ikke>ikke )?trukket tilbake i historikken'))
def trukket_tilbake_da(mappe, id, ikke):
    hendelse = next(f for f in mappe.svar if f["id"] == id)
    assert (hendelse["retracted_by"] is None) == bool(ikke)


# -- the log's hash chain: the auditor checks it (manipulert_logg.feature) -------------------
# Tampering goes straight to the database, as someone with the file but not the master key.

@dataclass
class Revisjon:
    posisjoner: dict = field(default_factory=dict)  # event id -> position, before tampering
    publisert: tuple | None = None  # (position, digest) as the stats table states it
    dom: object = None  # store.chain.Verdict
    dom_mot_hodet: object = None


@pytest.fixture
def revisjon() -> Revisjon:
    return Revisjon()


def databasen(mappe):
    from store import sqlcipher  # the store as it is opened: SQLCipher, with the master key
    return sqlcipher.connect(mappe.app.db, mappe.app.key)


def posisjon(revisjon, hendelse: str) -> int:
    return oppslag(revisjon.posisjoner, hendelse, "hendelse")


@given(parsers.re(r"(?:at )?statistikken for (?P<år>\d{4}) er publisert med loggens hode"))
def publisert_med_hode(mappe, revisjon, år):
    import json

    from projections import queries
    _, hode = queries.stats_with_head(mappe.app.db, int(år))
    revisjon.publisert = (hode["position"], hode["digest"])
    with databasen(mappe) as db:
        for rowid, state in db.execute("SELECT rowid, state FROM stored_events"):
            fakta = json.loads(state).get("fact")
            if fakta:
                revisjon.posisjoner[fakta["id"]] = rowid


@given(parsers.re(rf'(?:at )?noen har endret datoen for "(?P<hendelse>[^"]+)" til (?P<dato>{DATO}) '
                  r"direkte i databasen"))
def endret_dato(mappe, revisjon, hendelse, dato):
    import json
    hvor = posisjon(revisjon, hendelse)
    with databasen(mappe) as db:
        state = db.execute("SELECT state FROM stored_events WHERE rowid = ?", (hvor,)).fetchone()[0]
        før = json.loads(state)["fact"]["date"]
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (state.replace(f'"date":"{før}"'.encode(), f'"date":"{dato}"'.encode()), hvor))


@given(parsers.re(r'(?:at )?noen har slettet hendelsen "(?P<hendelse>[^"]+)" direkte i databasen'))
def slettet(mappe, revisjon, hendelse):
    with databasen(mappe) as db:
        db.execute("DELETE FROM stored_events WHERE rowid = ?", (posisjon(revisjon, hendelse),))


@given(parsers.re(r'(?:at )?noen har byttet plass på "(?P<a>[^"]+)" og "(?P<b>[^"]+)" direkte i databasen'))
def byttet(mappe, revisjon, a, b):
    første, andre = posisjon(revisjon, a), posisjon(revisjon, b)
    with databasen(mappe) as db:
        for fra, til in ((første, -1), (andre, første), (-1, andre)):
            db.execute("UPDATE stored_events SET rowid = ? WHERE rowid = ?", (til, fra))


@given(parsers.re(r'(?:at )?noen har lagt til en kopi av "(?P<hendelse>[^"]+)" sist i loggen direkte i '
                  r"databasen"))
def lagt_til(mappe, revisjon, hendelse):
    with databasen(mappe) as db:
        db.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                   "SELECT originator_id, originator_version + 100, topic, state FROM stored_events "
                   "WHERE rowid = ?", (posisjon(revisjon, hendelse),))


@given(parsers.re(r'(?:at )?de har regnet ut kjeden på nytt fra "(?P<hendelse>[^"]+)" med SHA-256 uten nøkkel'))
def ny_kjede_uten_nøkkel(mappe, revisjon, hendelse):
    import hashlib

    from store import chain
    fra = posisjon(revisjon, hendelse)
    with databasen(mappe) as db:
        forrige = db.execute("SELECT digest FROM nysjanse_chain WHERE position < ? "
                             "ORDER BY position DESC LIMIT 1", (fra,)).fetchone()[0]
        for rowid, *verdier in db.execute(
                "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
                "WHERE rowid >= ? ORDER BY rowid", (fra,)).fetchall():
            deler = [chain.VERSION, forrige, rowid.to_bytes(8, "big", signed=True)]
            for art, data in map(chain.field, verdier):
                deler += (chain.TAGS[art], len(data).to_bytes(8, "big"), data)
            forrige = hashlib.sha256(b"".join(deler)).digest()
            db.execute("UPDATE nysjanse_chain SET digest = ? WHERE position = ?", (forrige, rowid))


@given(parsers.re(r"(?:at )?noen har slettet de (?P<antall>\d+) siste hendelsene og sjekksummene deres "
                  r"direkte i databasen"))
def kuttet(mappe, antall):
    with databasen(mappe) as db:
        for (rowid,) in db.execute("SELECT rowid FROM stored_events ORDER BY rowid DESC LIMIT ?",
                                   (int(antall),)).fetchall():
            db.execute("DELETE FROM stored_events WHERE rowid = ?", (rowid,))
            db.execute("DELETE FROM nysjanse_chain WHERE position = ?", (rowid,))


@when(parsers.re(r"revisoren kontrollerer loggen(?P<mot> mot det publiserte hodet)?"))
def kontrollerer(mappe, revisjon, mot):
    revisjon.dom = mappe.app.verify()
    if mot:
        revisjon.dom_mot_hodet = mappe.app.verify(revisjon.publisert)


@then("holder kjeden")
def holder(revisjon):
    assert revisjon.dom.ok, revisjon.dom


@then(parsers.re(r"det publiserte hodet (?P<svar>finnes fortsatt|finnes ikke lenger) i loggen"))
def publisert_hode(revisjon, svar):
    dom = revisjon.dom_mot_hodet
    if svar == "finnes fortsatt":
        assert dom.ok and (dom.position, dom.digest.hex()) == revisjon.publisert, dom
    else:
        assert (dom.ok, dom.position) == (False, revisjon.publisert[0]), dom


@then(parsers.re(r'brytes kjeden ved (?:hendelsen "(?P<hendelse>[^"]+)"|den (?P<siste>siste) hendelsen) '
                 r"fordi den er (?P<hva>endret|slettet|lagt til)"))
def brytes(mappe, revisjon, hendelse, siste, hva):
    from store import chain
    if siste:
        with databasen(mappe) as db:
            hvor = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    else:
        hvor = posisjon(revisjon, hendelse)
    grunn = {"endret": chain.ALTERED, "slettet": chain.REMOVED, "lagt til": chain.ADDED}[hva]
    assert (revisjon.dom.ok, revisjon.dom.position, revisjon.dom.problem) == (False, hvor, grunn)


# -- privacy (personvern.feature): erasure and the access log --------------------------------

def pseudonym(mappe, deltaker: str) -> str:
    return mappe.pseudonymer.get(deltaker) or mappe.app.entry(deltaker).pseudonym


def bilde(mappe) -> dict:
    """What the statistics, the status and the caseloads say now (the read side)."""
    from projections import queries
    db = mappe.app.db
    return {**{("stats", år): queries.stats(db, år) for år in (2007, 2008, 2009)},
            **{("status", dag): queries.status(db, dag) for dag in ("2008-06-30", "2008-12-31")},
            **{("caseload", dag): queries.caseload(db, dag) for dag in ("2008-06-30", "2008-12-31")}}


def forsøk_slette(mappe, hvem: str, begrunnelse: str, deltaker: str | None = None) -> None:
    from store.application import UnknownParticipant
    mappe.før_sletting = bilde(mappe)
    før = {d: mappe.historikk(d) for d in mappe.deltakere}
    try:
        lagret, feil = mappe.app.erase(hvem, begrunnelse), None
        mappe.pseudonymer[hvem] = lagret["participant"]
    except (RuleBroken, InvalidFact, UnknownParticipant) as avvist:
        lagret, feil = {"participant": hvem}, avvist
    mappe.forsøk = Forsøk(lagret, feil, før, deltaker or hvem)


@given(parsers.re(r'(?:at )?"(?P<deltaker>[^"]+)" er slettet'))
def er_slettet(mappe, deltaker):
    mappe.pseudonymer[deltaker] = mappe.app.erase(deltaker, "slettet")["participant"]


@when(parsers.re(r'"(?P<deltaker>[^"]+)" slettes med begrunnelsen "(?P<begrunnelse>[^"]*)"'))
def slettes(mappe, deltaker, begrunnelse):
    forsøk_slette(mappe, deltaker, begrunnelse)


@when(parsers.re(r'pseudonymet til "(?P<deltaker>[^"]+)" slettes med begrunnelsen "(?P<begrunnelse>[^"]*)"'))
def pseudonymet_slettes(mappe, deltaker, begrunnelse):
    forsøk_slette(mappe, pseudonym(mappe, deltaker), begrunnelse, deltaker)


@when(parsers.re(rf'det registreres (?P<hendelse>.+?) for pseudonymet til "(?P<deltaker>[^"]+)" datert (?P<dato>{DATO})'))
def registreres_under_pseudonym(mappe, hendelse, deltaker, dato):
    navn = pseudonym(mappe, deltaker)
    før = {d: mappe.historikk(d) for d in mappe.deltakere}
    fakta = mappe.fakta(navn, dato, tolk_hendelse(hendelse), {})
    try:
        lagret, feil = mappe.app.record(dict(fakta)), None
    except (RuleBroken, InvalidFact) as avvist:
        lagret, feil = fakta, avvist
    mappe.forsøk = Forsøk(lagret, feil, før, deltaker)


def uten(svar, deltaker: str, navn: str):
    """A status or caseload answer with one participant's name replaced, sorted again."""
    import json
    data = json.loads(json.dumps(svar).replace(json.dumps(deltaker), json.dumps(navn)))
    for a in [data.get("active", [])]:
        a.sort(key=lambda e: e["participant"])
    for c in data.get("counsellors", []):
        c["participants"].sort()
    return data


@then(parsers.re(r"er statistikken for (?P<år>\d{4}) den samme som før slettingen"))
def samme_statistikk(mappe, år):
    assert bilde(mappe)[("stats", int(år))] == mappe.før_sletting[("stats", int(år))]


@then(parsers.re(rf'er (?P<hva>statusen|saksmengden) per (?P<dato>{DATO}) den samme som før '
                 r'slettingen, med "(?P<deltaker>[^"]+)" under et pseudonym'))
def samme_liste(mappe, hva, dato, deltaker):
    nøkkel = ("status" if hva == "statusen" else "caseload", dato)
    før, nå = mappe.før_sletting[nøkkel], bilde(mappe)[nøkkel]
    assert deltaker in str(før) and deltaker not in str(nå)
    assert nå == uten(før, deltaker, pseudonym(mappe, deltaker))


@then(parsers.re(r'sier oppslag på "(?P<deltaker>[^"]+)" at deltakeren ble slettet i dag av '
                 r'"(?P<hvem>[^"]+)" med begrunnelsen "(?P<begrunnelse>[^"]+)"'))
def oppslag_sier_slettet(mappe, deltaker, hvem, begrunnelse):
    from projections import UnknownParticipant, queries
    for oppslag in (lambda: queries.show(mappe.app.db, deltaker, "2008-12-31"),
                    lambda: queries.history(mappe.app.db, deltaker)):
        with pytest.raises(UnknownParticipant) as svar:
            oppslag()
        assert str(svar.value) == (f"{deltaker} was erased on {date.today().isoformat()} by "
                                   f"{hvem}: {begrunnelse}")


def kommandolinje(mappe, *args):
    from click.testing import CliRunner

    from cli import cli
    svar = CliRunner().invoke(cli, [*args, "--db", mappe.app.db], catch_exceptions=False)
    assert svar.exit_code == 0, svar.output
    return svar.stdout


@when(parsers.re(rf'"(?P<hvem>[^"]+)" slår opp "(?P<deltaker>[^"]+)" per (?P<dato>{DATO})'))
def slår_opp(mappe, hvem, deltaker, dato):
    kommandolinje(mappe, "show", deltaker, "--date", dato, "--user", hvem)


@when(parsers.re(r'"(?P<hvem>[^"]+)" ser historikken til "(?P<deltaker>[^"]+)"'))
def ser_historikken(mappe, hvem, deltaker):
    kommandolinje(mappe, "history", deltaker, "--user", hvem)


def tilgangslogg(mappe, deltaker: str) -> list[dict]:
    import json
    return json.loads(kommandolinje(mappe, "access-log", "--participant", deltaker,
                                    "--format", "json"))


@then(parsers.re(r'viser tilgangsloggen for "(?P<deltaker>[^"]+)" at "(?P<første>[^"]+)" brukte '
                 r'"(?P<kommando1>[^"]+)" og "(?P<andre>[^"]+)" brukte "(?P<kommando2>[^"]+)"'))
def tilgangsloggen_viser(mappe, deltaker, første, kommando1, andre, kommando2):
    assert [(e["user"], e["command"], e["participants"]) for e in tilgangslogg(mappe, deltaker)] == [
        (første, kommando1, [deltaker]), (andre, kommando2, [deltaker])]


@then(parsers.re(r'viser tilgangsloggen for pseudonymet "(?P<deltaker>[^"]+)" fikk ved '
                 r'slettingen bare det pseudonymet'))
def tilgangsloggen_pseudonym(mappe, deltaker):
    navn = mappe.pseudonymer[deltaker]  # what the erasure returned, and `erase` prints
    funnet = tilgangslogg(mappe, navn)
    assert funnet and all(e["participants"] == [navn] for e in funnet)
    assert all(deltaker not in e["command"].split() and navn in e["command"] for e in funnet)


@then(parsers.re(r'svarer et søk i tilgangsloggen etter "(?P<deltaker>[^"]+)" at deltakeren er '
                 r'slettet og står der under pseudonymet'))
def tilgangsloggen_etter_slettet(mappe, deltaker):
    from click.testing import CliRunner

    from cli import cli
    svar = CliRunner().invoke(cli, ["access-log", "--participant", deltaker, "--db",
                                    mappe.app.db], catch_exceptions=False)
    assert (svar.exit_code, svar.stdout) == (1, "")
    assert svar.stderr.startswith(f"feil: {deltaker} ble slettet {date.today().isoformat()} av ")
    assert svar.stderr.endswith("; tilgangsloggen navngir deltakeren med pseudonymet\n")
