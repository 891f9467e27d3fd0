# language: no
Egenskap: Opptak i Ny sjanse
  Ny sjanse omfatter innvandrere med lang botid som er uten fast tilknytning til arbeidslivet
  og som har vært avhengige av sosialhjelp over lengre tid (rapporten, kapittel 1.1 med
  fotnote 1). Om en søker kan tas inn, avgjøres etter reglene som gjaldt på inntaksdatoen:

  - botid mer enn to år i samme kommune;
  - sosialhjelp i minst seks måneder, fra 2009-01-01 i minst tre måneder;
  - fra 2009-01-01 kan også hjemmeværende kvinner som ikke mottar stønad, være deltakere;
  - den som har mistet retten til introduksjonsprogram ved selvbosetting, flytting fra
    bosettingskommunen eller avbrutt/stanset introduksjonsprogram, kan ikke delta.

  Et inntak som ikke oppfyller kravene, blir avvist, og ingenting blir lagret.

  Bakgrunn:
    Gitt en søker som er kvinne
    Og som har bodd i kommunen siden 2004-01-01
    Og som har mottatt sosialhjelp sammenhengende siden 2006-01-01
    Og søkerens forhold til introduksjonsprogrammet er "ikke omfattet"

  Regel: Søkeren må ha bodd mer enn to år i samme kommune

    Abstrakt Scenario: En botid som ikke er en dato mellom 1900 og 2100 (<dato>), følger ikke formatet
      Gitt at søkeren har bodd i kommunen siden <dato>
      Når søkeren tas inn i Ny sjanse 2008-03-01
      Så blir inntaket avvist fordi registreringen ikke følger formatet
      Og "s1" har 0 hendelser i historikken

      Eksempler:
        | dato       |
        | 9999-12-31 |
        | 1899-12-31 |
        | 2007-02-29 |

    Scenario: En søker med lang botid blir tatt inn
      Når søkeren tas inn i Ny sjanse 2008-03-01
      Så blir inntaket godtatt
      Og "s1" har status "aktiv" per 2008-03-01
      Og "s1" har programrådgiver "c1" per 2008-03-01

    Scenario: En søker som nettopp har flyttet til kommunen, blir ikke tatt inn
      Gitt at søkeren har bodd i kommunen siden 2007-06-01
      Når søkeren tas inn i Ny sjanse 2008-03-01
      Så blir inntaket avvist med en melding som inneholder "ikke mer enn to år før inntaket"
      Og "s1" har 0 hendelser i historikken

    Abstrakt Scenario: Botid rundt toårsgrensen (<botid>)
      Gitt at søkeren har bodd i kommunen siden <bosatt siden>
      Når søkeren tas inn i Ny sjanse <inntaksdato>
      Så blir inntaket <utfall>

      Eksempler:
        | bosatt siden | inntaksdato | botid                 | utfall  |
        | 2006-03-01   | 2008-03-01  | nøyaktig to år        | avvist  |
        | 2006-03-01   | 2008-03-02  | to år og én dag       | godtatt |
        | 2006-02-28   | 2008-03-01  | to år og én dag       | godtatt |
        | 2006-03-02   | 2008-03-01  | én dag under to år    | avvist  |
        | 2007-01-01   | 2009-01-01  | nøyaktig to år i 2009 | avvist  |
        | 2006-12-31   | 2009-01-01  | mer enn to år i 2009  | godtatt |

  Regel: Før 2009 kreves sosialhjelp i minst seks måneder

    Abstrakt Scenario: Sosialhjelp rundt seksmånedersgrensen (<stønadstid>)
      Gitt at søkeren har mottatt sosialhjelp sammenhengende siden <sosialhjelp siden>
      Når søkeren tas inn i Ny sjanse <inntaksdato>
      Så blir inntaket <utfall>

      Eksempler:
        | sosialhjelp siden | inntaksdato | stønadstid                  | utfall  |
        | 2007-09-01        | 2008-03-01  | nøyaktig seks måneder       | godtatt |
        | 2007-09-02        | 2008-03-01  | én dag under seks måneder   | avvist  |
        | 2007-08-31        | 2008-02-29  | seks måneder til månedsslutt | godtatt |
        | 2008-01-01        | 2008-03-01  | to måneder                  | avvist  |
        | 2008-06-30        | 2008-12-31  | seks måneder siste dag 2008 | godtatt |
        | 2008-09-30        | 2008-12-31  | tre måneder siste dag 2008  | avvist  |

    Scenario: Et inntak i 2008 som registreres i 2009, vurderes etter reglene for 2008
      Gitt at søkeren har mottatt sosialhjelp sammenhengende siden 2008-09-15
      Når "s1" tas inn 2008-12-15, registrert 2009-01-15T10:00:00+01:00
      Så blir inntaket avvist med en melding som inneholder "mindre enn de 6 månedene som kreves 2008-12-15"

    Scenario: Tre måneders sosialhjelp holder ikke i 2008
      Gitt at søkeren har mottatt sosialhjelp sammenhengende siden 2008-09-01
      Når søkeren tas inn i Ny sjanse 2008-12-01
      Så blir inntaket avvist med den engelske meldingen "not eligible: social assistance since 2008-09-01 is less than the 6 months required on 2008-12-01"

  Regel: Fra 2009-01-01 holder sosialhjelp i tre måneder

    Abstrakt Scenario: Sosialhjelp rundt tremånedersgrensen (<stønadstid>)
      Gitt at søkeren har mottatt sosialhjelp sammenhengende siden <sosialhjelp siden>
      Når søkeren tas inn i Ny sjanse <inntaksdato>
      Så blir inntaket <utfall>

      Eksempler:
        | sosialhjelp siden | inntaksdato | stønadstid               | utfall  |
        | 2008-10-01        | 2009-01-01  | nøyaktig tre måneder     | godtatt |
        | 2008-10-02        | 2009-01-01  | én dag under tre måneder | avvist  |
        | 2008-12-01        | 2009-03-01  | nøyaktig tre måneder     | godtatt |
        | 2009-01-15        | 2009-03-01  | halvannen måned          | avvist  |

    Scenario: For kort tid på sosialhjelp i 2009 gir en melding om tremånederskravet
      Gitt at søkeren har mottatt sosialhjelp sammenhengende siden 2009-02-01
      Når søkeren tas inn i Ny sjanse 2009-03-01
      Så blir inntaket avvist med en melding som inneholder "mindre enn de 3 månedene som kreves 2009-03-01"

  Regel: Fra 2009-01-01 kan hjemmeværende kvinner uten stønad delta, men ikke før, og ikke menn

    Abstrakt Scenario: Søker uten sosialhjelp: <kjønn>, inntak <inntaksdato>
      Gitt at søkeren er <kjønn>
      Og søkeren mottar ikke sosialhjelp
      Når søkeren tas inn i Ny sjanse <inntaksdato>
      Så blir inntaket <utfall>

      Eksempler:
        | kjønn  | inntaksdato | utfall  |
        | kvinne | 2009-01-01  | godtatt |
        | kvinne | 2009-06-15  | godtatt |
        | kvinne | 2008-12-31  | avvist  |
        | mann   | 2009-01-01  | avvist  |
        | mann   | 2008-06-01  | avvist  |

    Scenario: En hjemmeværende kvinne med inntaksdato i 2008 blir avvist selv om inntaket registreres i 2009
      Gitt at søkeren ikke mottar sosialhjelp
      Når "s1" tas inn 2008-12-15, registrert 2009-01-15T10:00:00+01:00
      Så blir inntaket avvist med meldingen "fyller ikke kravene: ingen sosialhjelp, kravet var 6 måneder før 2009-01-01"

    Scenario: En mann uten sosialhjelp får vite at bare kvinner kan delta uten stønad
      Gitt at søkeren er mann
      Og søkeren mottar ikke sosialhjelp
      Når søkeren tas inn i Ny sjanse 2009-02-01
      Så blir inntaket avvist med en melding som inneholder "bare kvinner uten sosialhjelp kan delta"

    Scenario: En hjemmeværende kvinne må også ha bodd mer enn to år i kommunen
      Gitt at søkeren ikke mottar sosialhjelp
      Og søkeren har bodd i kommunen siden 2007-06-01
      Når søkeren tas inn i Ny sjanse 2009-03-01
      Så blir inntaket avvist med en melding som inneholder "ikke mer enn to år"

  Regel: Den som har mistet retten til introduksjonsprogram, kan ikke delta

    Abstrakt Scenario: Forholdet til introduksjonsprogrammet: <forhold>
      Gitt at søkerens forhold til introduksjonsprogrammet er "<forhold>"
      Når søkeren tas inn i Ny sjanse 2008-03-01
      Så blir inntaket <utfall>

      Eksempler:
        | forhold                                          | utfall  |
        | ikke omfattet                                    | godtatt |
        | fullført                                         | godtatt |
        | mistet retten ved selvbosetting                  | avvist  |
        | mistet retten ved flytting fra bosettingskommunen | avvist  |
        | mistet retten ved avbrutt eller stanset program  | avvist  |

    Scenario: Selvbosatte blir avvist med begrunnelse
      Gitt at søkerens forhold til introduksjonsprogrammet er "mistet retten ved selvbosetting"
      Når søkeren tas inn i Ny sjanse 2008-03-01
      Så blir inntaket avvist med meldingen "fyller ikke kravene: har mistet retten til introduksjonsprogram (bosatte seg på egen hånd)"

    Scenario: Heller ikke en hjemmeværende kvinne som har mistet retten, kan delta fra 2009
      Gitt at søkeren ikke mottar sosialhjelp
      Og søkerens forhold til introduksjonsprogrammet er "mistet retten ved flytting fra bosettingskommunen"
      Når søkeren tas inn i Ny sjanse 2009-03-01
      Så blir inntaket avvist med en melding som inneholder "har mistet retten til introduksjonsprogram"
