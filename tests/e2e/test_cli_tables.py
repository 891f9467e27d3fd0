"""Whole tables pinned, character for character, on the sample store (as sqlite-utils' tests pin
their output): layout, rounding, order and every figure at once.

Each figure was checked against the known answers of tests/fixtures (stats-2008.json,
status-2008-12-31.json, caseload-2008-06-30.json) when the text was written; a change here is a
change users see, and must be checked again the same way, never pasted from the new output.

When the tables learnt to speak (i18n), the English ones were checked cell by cell against the
tables pinned before, whose figures had been checked so: only labels changed (codes became
names, ISO codes CLDR's country names, `61.0 %` CLDR's `61.0%`); the bokmål stats table was
checked cell by cell against the English one through the catalog (numbers with `,` and
non-breaking spaces read back as the English ones).
"""
import json

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import SAMPLE

STATS_2008 = """\
Ny sjanse 2008

                       count  share
Participants              77
  carried over            47  61.0%
  new                     30  39.0%
  Women                   55  71.4%
  Men                     22  28.6%
Exits                     42  54.5%
  Women                   30  71.4%
  Men                     12  28.6%
Remaining at year end     35  45.5%

Countries of background: 18
                        count  share
  Somalia                  16  20.8%
  Iraq                     15  19.5%
  Pakistan                  8  10.4%
  Iran                      6   7.8%
  Bosnia & Herzegovina      4   5.2%
  Eritrea                   4   5.2%
  Sudan                     4   5.2%
  Morocco                   3   3.9%
  Syria                     3   3.9%
  Afghanistan               2   2.6%
  Ethiopia                  2   2.6%
  Sri Lanka                 2   2.6%
  6 other countries         8  10.4%

Exits by type
                                              count  share
  Completed Ny sjanse                            21  50.0%
  Aborted by the participant                      7  16.7%
  Stopped by decision                             5  11.9%
  Transferred to the qualification programme      9  21.4%
                      count
  transferred, women      7
  transferred, men        2

Goal achievement (work or education, of exits that are not transfers)
         count  base   rate
  All       12    33  36.4%
  Women      8    23  34.8%
  Men        4    10  40.0%

Outcomes of completed exits
                                count  share
  Ordinary full-time job           10  47.6%
  Ordinary part-time job            2   9.5%
  Subsidised job                    0   0.0%
  Education                         0   0.0%
  Course or other measure           0   0.0%
  Registered job seeker at NAV      9  42.9%
  No activity                       0   0.0%
  Other                             0   0.0%

Reasons for aborted exits
                                                 count   share
  Not able to make use of a full-time programme      0    0.0%
  Behaviour in/outside Ny sjanse                     0    0.0%
  Too much invalid absence                           0    0.0%
  Moved                                              0    0.0%
  Income secured through other public benefits       0    0.0%
  Disappeared                                        0    0.0%
  Other                                             12  100.0%

Average months in the programme (exits)
                                                           all  Women   Men
  Completed Ny sjanse                                     16.9
  Aborted                                                 15.0
  Transferred to the qualification programme              17.1
  Work or education                                       17.5   17.5  17.5
  Not work or education                                   15.4   15.7  14.8
  Aborted: Not able to make use of a full-time programme     –      –     –
  Aborted: Behaviour in/outside Ny sjanse                    –      –     –
  Aborted: Too much invalid absence                          –      –     –
  Aborted: Moved                                             –      –     –
  Aborted: Income secured through other public benefits      –      –     –
  Aborted: Disappeared                                       –      –     –
  Aborted: Other                                          15.0   13.9  17.1

Active on 2008-12-31
                    value
  active               35
  suspended             0
  average months      8.2
  within 12 months  77.1%
  over 24 months        1

Projects
  project              participants  new  carried over   women  exits  completed  aborted  to NAV  goal base  work/edu    rate
  Bergen                         19    7            12   78.9%     11          5        1       5          6         4   66.7%
  Bergen ungdom                   2    1             1   50.0%      1          0        1       0          1         0    0.0%
  Drammen                         6    3             3  100.0%      2          2        0       0          2         2  100.0%
  Kristiansand                    5    3             2   60.0%      2          2        0       0          2         0    0.0%
  Lørenskog                       6    3             3   66.7%      3          1        2       0          3         1   33.3%
  Moss                            6    2             4   33.3%      4          3        1       0          4         3   75.0%
  Oslo St. Hanshaugen             7    3             4   85.7%      3          1        2       0          3         0    0.0%
  Oslo Stovner                   15    6             9   66.7%     10          5        1       4          6         1   16.7%
  Skien                           4    1             3  100.0%      3          1        2       0          3         0    0.0%
  Trondheim                       7    1             6   57.1%      3          1        2       0          3         1   33.3%

Incentive: former participants employed at a follow-up
                      count  share
  Participants            9
  Women                   5  55.6%
  Men                     4  44.4%
  at 12 months            4  44.4%
  Cleaning                3  33.3%
  Warehouse/workshop      1  11.1%
  Canteen/restaurant      1  11.1%
  Driver                  1  11.1%
  Other                   3  33.3%

"""

STATUS_2008_12_31 = """\
Active on 2008-12-31

participant  project              counsellor  gender  country               intake      months  suspended  plan  planned end  overdue
NS-BER.0     Bergen               berge11     Woman   Pakistan              2008-03-19     9.4  no         yes   2010-03-19   no
NS-BER.147   Bergen ungdom        berge5      Man     Eritrea               2008-04-15     8.5  no         yes   2010-05-30   no
NS-BER.33    Bergen               berge3      Woman   Afghanistan           2008-11-26     1.1  no         no    2010-11-26   no
NS-KRI.71    Kristiansand         krist1      Man     Somalia               2008-02-14    10.5  no         yes   2010-05-23   no
NS-TRO.2     Trondheim            trond4      Woman   Iraq                  2006-09-23    27.3  no         yes   2009-04-09   no
NS-TRO.4     Trondheim            trond1      Man     Somalia               2008-11-17     1.4  no         yes   2010-11-17   no
NS-TRO.78    Trondheim            trond3      Woman   Iran                  2007-11-14    13.6  no         yes   2009-11-30   no
p00005       Lørenskog            løren2      Man     Morocco               2008-06-14     6.6  no         yes   2010-06-14   no
p00007       Kristiansand         krist2      Woman   Türkiye               2008-12-10     0.7  no         no    2010-12-10   no
p00010       Oslo Stovner         oslo4       Man     Pakistan              2008-11-17     1.4  no         yes   2010-11-17   no
p00011       Oslo St. Hanshaugen  oslo2       Woman   Ethiopia              2008-07-06     5.8  no         yes   2010-07-06   no
p00022       Moss                 moss1       Man     Iraq                  2008-11-22     1.3  no         no    2010-11-22   no
p00024       Bergen               berge9      Woman   Sri Lanka             2007-10-14    14.6  no         yes   2009-10-14   no
p00028       Kristiansand         krist4      Man     Somalia               2008-07-09     5.7  no         no    2010-07-09   no
p00041       Bergen               berge7      Woman   Iraq                  2008-11-16     1.5  no         yes   2010-11-16   no
p00043       Moss                 moss5       Woman   Iraq                  2008-04-30     8.0  no         yes   2010-06-30   no
p00045       Trondheim            trond5      Woman   Iraq                  2007-04-21    20.4  no         yes   2009-05-03   no
p00047       Drammen              dramm2      Woman   Congo - Kinshasa      2008-03-19     9.4  no         yes   2010-03-19   no
p00055       Skien                skien1      Woman   Bosnia & Herzegovina  2008-01-21    11.3  no         yes   2010-01-21   no
p00061       Lørenskog            løren5      Woman   Somalia               2008-04-20     8.4  no         yes   2010-04-20   no
p00076       Oslo Stovner         oslo6       Woman   Iraq                  2008-02-24    10.2  no         yes   2010-02-24   no
p00081       Drammen              dramm4      Woman   Syria                 2007-09-01    16.0  no         yes   2009-09-01   no
p00084       Oslo Stovner         oslo3       Woman   Syria                 2008-03-25     9.2  no         yes   2010-04-05   no
p00087       Bergen               berge6      Woman   Nigeria               2008-09-03     3.9  no         yes   2010-09-03   no
p00095       Oslo Stovner         oslo4       Man     Iraq                  2008-10-04     2.9  no         yes   2010-10-04   no
p00099       Drammen              dramm1      Woman   Iraq                  2008-07-11     5.7  no         yes   2010-07-11   no
p00104       Bergen               berge8      Man     Iran                  2008-06-18     6.4  no         yes   2010-06-18   no
p00111       Bergen               berge11     Woman   Somalia               2007-12-15    12.6  no         yes   2010-04-06   no
p00113       Oslo St. Hanshaugen  oslo1       Woman   Sudan                 2008-04-25     8.2  no         yes   2010-04-25   no
p00115       Lørenskog            løren3      Man     Sri Lanka             2007-09-04    15.9  no         yes   2009-09-28   no
p00121       Oslo Stovner         oslo7       Woman   Afghanistan           2008-10-18     2.4  no         yes   2010-10-18   no
p00122       Oslo St. Hanshaugen  oslo3       Woman   Ethiopia              2007-10-06    14.9  no         yes   2009-10-06   no
p00126       Bergen               berge2      Woman   Eritrea               2008-06-07     6.8  no         yes   2010-06-07   no
p00133       Oslo St. Hanshaugen  oslo2       Woman   Iran                  2008-09-12     3.6  no         yes   2010-09-12   no
p00134       Drammen              dramm3      Woman   Somalia               2008-11-13     1.6  no         yes   2010-11-13   no

Summary
                    value
  active               35
  suspended             0
  average months      8.2
  within 12 months  77.1%
  over 24 months        1

"""

CASELOAD_2008_06_30 = """\
Caseloads on 2008-06-30 (at most 15 active participants each)

berge1: 2 active, 1 suspended
  participant  project        intake      months  plan  planned end  invalid absence 90 d  attention
  NS-BER.20    Bergen         2007-10-05     8.8  yes   2009-12-23                         ! suspended
  p00146       Bergen ungdom  2007-08-12    10.6  yes   2009-08-12

berge10: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00024       Bergen   2007-10-14     8.5  yes   2009-10-14                    3.0  ! invalid absence

berge11: 2 active, 1 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  NS-BER.0     Bergen   2008-03-19     3.4  yes   2010-03-19
  p00111       Bergen   2007-12-15     6.5  yes   2009-12-17                         ! suspended

berge2: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00126       Bergen   2008-06-07     0.8  no    2010-06-07                         ! no plan

berge3: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00128       Bergen   2008-02-11     4.6  yes   2010-02-11                   10.0  ! invalid absence

berge4: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00082       Bergen   2007-07-05    11.9  yes   2009-10-07

berge5: 1 active, 0 suspended
  participant  project        intake      months  plan  planned end  invalid absence 90 d  attention
  NS-BER.147   Bergen ungdom  2008-04-15     2.5  yes   2010-05-05

berge6: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00102       Bergen   2006-05-23    25.3  yes   2008-05-23                    1.0  ! planned end passed, invalid absence

berge7: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00054       Bergen   2006-12-08    18.7  yes   2009-01-30                    1.0  ! invalid absence

berge8: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00104       Bergen   2008-06-18     0.4  no    2010-06-18                         ! no plan

berge9: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00079       Bergen   2007-09-21     9.3  yes   2009-09-21                    3.0  ! invalid absence

dramm2: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00047       Drammen  2008-03-19     3.4  yes   2010-03-19

dramm3: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00035       Drammen  2007-01-24    17.2  yes   2009-01-24

dramm4: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00081       Drammen  2007-09-01    10.0  yes   2009-09-01

dramm5: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00021       Drammen  2007-08-03    10.9  yes   2009-08-03

krist1: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00103       Kristiansand  2007-06-21    12.3  no    2009-06-21                         ! no plan

krist2: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00119       Kristiansand  2007-07-11    11.7  yes   2009-07-11

krist3: 1 active, 1 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  NS-KRI.71    Kristiansand  2008-02-14     4.5  no    2010-04-28                         ! no plan, suspended

løren2: 2 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00005       Lørenskog  2008-06-14     0.5  yes   2010-06-14
  p00064       Lørenskog  2007-07-19    11.4  yes   2009-07-19

løren3: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00115       Lørenskog  2007-09-04     9.9  yes   2009-09-28

løren4: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00088       Lørenskog  2008-04-19     2.4  yes   2010-04-19

løren5: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00061       Lørenskog  2008-04-20     2.3  yes   2010-04-20

moss1: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00108       Moss     2007-02-25    16.1  yes   2009-02-25

moss2: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00145       Moss     2006-07-11    23.7  yes   2008-08-28

moss4: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00036       Moss     2007-12-11     6.6  yes   2010-02-02

moss5: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00043       Moss     2008-04-30     2.0  yes   2010-04-30

oslo1: 2 active, 0 suspended
  participant  project              intake      months  plan  planned end  invalid absence 90 d  attention
  p00092       Oslo Stovner         2007-01-01    17.9  yes   2009-03-19                   10.0  ! invalid absence
  p00113       Oslo St. Hanshaugen  2008-04-25     2.2  yes   2010-04-25

oslo2: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00065       Oslo Stovner  2006-09-12    21.6  yes   2008-11-23

oslo3: 2 active, 0 suspended
  participant  project              intake      months  plan  planned end  invalid absence 90 d  attention
  p00084       Oslo Stovner         2008-03-25     3.2  yes   2010-03-25
  p00122       Oslo St. Hanshaugen  2007-10-06     8.8  yes   2009-10-06                    2.0  ! invalid absence

oslo4: 1 active, 0 suspended
  participant  project              intake      months  plan  planned end  invalid absence 90 d  attention
  p00032       Oslo St. Hanshaugen  2007-02-17    16.4  yes   2009-02-17

oslo5: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00080       Oslo Stovner  2008-04-15     2.5  yes   2010-04-15                    5.0  ! invalid absence

oslo6: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00076       Oslo Stovner  2008-02-24     4.2  yes   2010-02-24

oslo7: 1 active, 0 suspended
  participant  project       intake      months  plan  planned end  invalid absence 90 d  attention
  p00086       Oslo Stovner  2006-12-01    19.0  yes   2008-12-01                    5.0  ! invalid absence

skien1: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00055       Skien    2008-01-21     5.3  yes   2010-01-21

skien2: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00056       Skien    2007-08-30    10.0  yes   2009-10-24

skien3: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  NS-SKI.129   Skien    2007-02-05    16.8  yes   2009-03-24

skien4: 1 active, 0 suspended
  participant  project  intake      months  plan  planned end  invalid absence 90 d  attention
  p00037       Skien    2007-01-26    17.1  yes   2009-03-31                    5.0  ! invalid absence

trond1: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00096       Trondheim  2006-06-05    24.8  yes   2008-07-30

trond2: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00085       Trondheim  2007-09-11     9.6  yes   2009-09-11

trond3: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  NS-TRO.78    Trondheim  2007-11-14     7.5  yes   2009-11-14                    1.0  ! invalid absence

trond4: 1 active, 1 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  NS-TRO.2     Trondheim  2006-09-23    21.2  yes   2009-01-09                         ! suspended

trond5: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00045       Trondheim  2007-04-21    14.3  yes   2009-04-21

trond6: 1 active, 0 suspended
  participant  project    intake      months  plan  planned end  invalid absence 90 d  attention
  p00125       Trondheim  2007-09-14     9.5  yes   2009-09-14                    3.0  ! invalid absence

"""

# The same table in bokmål, the default language (non-breaking spaces as CLDR writes them:
# before the per cent sign, and between thousands).
STATS_2008_NB = """\
Ny sjanse 2008

                       antall   andel
Deltakere                  77
  videreført               47  61,0 %
  nye                      30  39,0 %
  Kvinner                  55  71,4 %
  Menn                     22  28,6 %
Utskrevne                  42  54,5 %
  Kvinner                  30  71,4 %
  Menn                     12  28,6 %
Igjen ved årets slutt      35  45,5 %

Land deltakerne kommer fra: 18
                      antall   andel
  Somalia                 16  20,8 %
  Irak                    15  19,5 %
  Pakistan                 8  10,4 %
  Iran                     6   7,8 %
  Bosnia-Hercegovina       4   5,2 %
  Eritrea                  4   5,2 %
  Sudan                    4   5,2 %
  Marokko                  3   3,9 %
  Syria                    3   3,9 %
  Afghanistan              2   2,6 %
  Etiopia                  2   2,6 %
  Sri Lanka                2   2,6 %
  6 andre land             8  10,4 %

Utskrevne etter grunn
                                        antall   andel
  Gjennomførte og avsluttet Ny sjanse       21  50,0 %
  Avbrøt selv deltakelsen                    7  16,7 %
  Vedtak om permanent stans av program       5  11,9 %
  Overført til kvalifiseringsprogram         9  21,4 %
                     antall
  overført, kvinner       7
  overført, menn          2

Måloppnåelse (arbeid eller utdanning, av utskrevne som ikke ble overført)
           antall  grunnlag   andel
  Alle         12        33  36,4 %
  Kvinner       8        23  34,8 %
  Menn          4        10  40,0 %

Resultat for dem som gjennomførte
                                   antall   andel
  Ordinært heltidsarbeid               10  47,6 %
  Ordinært deltidsarbeid                2   9,5 %
  Arbeid med lønnstilskudd              0   0,0 %
  Utdanning                             0   0,0 %
  Kurs eller andre tiltak               0   0,0 %
  Registrert arbeidssøker hos NAV       9  42,9 %
  Uten aktivitet                        0   0,0 %
  Annet                                 0   0,0 %

Årsaker til avbrutt deltakelse
                                                      antall    andel
  Ikke i stand til å nyttiggjøre seg fulltidsprogram       0    0,0 %
  Atferd i/utenfor Ny sjanse                               0    0,0 %
  For høyt ugyldig fravær                                  0    0,0 %
  Flyttet                                                  0    0,0 %
  Inntektssikret gjennom andre offentlige stønader         0    0,0 %
  Forsvunnet                                               0    0,0 %
  Annet                                                   12  100,0 %

Gjennomsnittlig antall måneder i programmet (utskrevne)
                                                               alle  Kvinner  Menn
  Gjennomførte og avsluttet Ny sjanse                          16,9
  Avbrøt deltakelsen                                           15,0
  Overført til kvalifiseringsprogram                           17,1
  Arbeid eller utdanning                                       17,5     17,5  17,5
  Ikke arbeid eller utdanning                                  15,4     15,7  14,8
  Avbrutt: Ikke i stand til å nyttiggjøre seg fulltidsprogram     –        –     –
  Avbrutt: Atferd i/utenfor Ny sjanse                             –        –     –
  Avbrutt: For høyt ugyldig fravær                                –        –     –
  Avbrutt: Flyttet                                                –        –     –
  Avbrutt: Inntektssikret gjennom andre offentlige stønader       –        –     –
  Avbrutt: Forsvunnet                                             –        –     –
  Avbrutt: Annet                                               15,0     13,9  17,1

Aktive 2008-12-31
                                   verdi
  aktive                              35
  i permisjon                          0
  gjennomsnittlig antall måneder     8,2
  innen 12 måneder                77,1 %
  over 24 måneder                      1

Prosjekter
  prosjekt             deltakere  nye  videreført  kvinner  utskrevne  gjennomført  avbrutt  til NAV  målgrunnlag  arb./utd.    andel
  Bergen                      19    7          12   78,9 %         11            5        1        5            6          4   66,7 %
  Bergen ungdom                2    1           1   50,0 %          1            0        1        0            1          0    0,0 %
  Drammen                      6    3           3  100,0 %          2            2        0        0            2          2  100,0 %
  Kristiansand                 5    3           2   60,0 %          2            2        0        0            2          0    0,0 %
  Lørenskog                    6    3           3   66,7 %          3            1        2        0            3          1   33,3 %
  Moss                         6    2           4   33,3 %          4            3        1        0            4          3   75,0 %
  Oslo St. Hanshaugen          7    3           4   85,7 %          3            1        2        0            3          0    0,0 %
  Oslo Stovner                15    6           9   66,7 %         10            5        1        4            6          1   16,7 %
  Skien                        4    1           3  100,0 %          3            1        2        0            3          0    0,0 %
  Trondheim                    7    1           6   57,1 %          3            1        2        0            3          1   33,3 %

Insentivordningen: tidligere deltakere i arbeid ved en oppfølging
                      antall   andel
  Deltakere                9
  Kvinner                  5  55,6 %
  Menn                     4  44,4 %
  etter 12 måneder         4  44,4 %
  Renhold                  3  33,3 %
  Lager/verksted           1  11,1 %
  Kantine/restaurant       1  11,1 %
  Sjåføryrket              1  11,1 %
  Annet                    3  33,3 %

"""


@pytest.fixture(scope="module")
def sample_cli(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("tables") / "store.db")
    runner = CliRunner()
    env = {"NYSJANSE_DB": db, "NYSJANSE_USER": "kari", "NYSJANSE_VIEWS": None}
    imported = runner.invoke(cli, ["import", str(SAMPLE)], env=env)
    assert imported.exit_code == 0, imported.output

    def run(*args):
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    return run


@pytest.mark.parametrize("args, expected", [
    (["stats", "2008"], STATS_2008),
    (["status", "--date", "2008-12-31"], STATUS_2008_12_31),
    (["caseload", "--date", "2008-06-30"], CASELOAD_2008_06_30),
], ids=["stats-2008", "status-2008-12-31", "caseload-2008-06-30"])
def test_whole_table(sample_cli, args, expected):
    result = sample_cli(*args, "--lang", "en")
    if args[0] == "stats":  # the last line ties the figures to the log's head, as verify says it
        head = json.loads(sample_cli("verify", "--format", "json").stdout)
        assert head["position"] == 1428  # every event of the sample, and its counsellors'
        expected += f"Log head: 1428:{head['digest'][:16]} (nysjanse verify --head)\n"
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == expected


@pytest.mark.bokmal
def test_whole_table_in_bokmal_by_default(sample_cli):
    result = sample_cli("stats", "2008")
    head = json.loads(sample_cli("verify", "--format", "json").stdout)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (STATS_2008_NB + f"Loggens hode: 1428:{head['digest'][:16]} "
                             f"(nysjanse verify --head)\n")
    assert "Irak" in result.stdout and "42,7" not in result.stdout  # the sample: 36,4 %
    assert "36,4\u00a0%" in result.stdout
