"""The rulebook: every scenario of every feature file in this folder, run against the real
application (step definitions and vocabulary in conftest.py).

    pytest features                       # the whole rulebook
    pytest features -k femtende           # scenarios whose name has that word
    pytest features --gherkin-terminal-reporter -vv  # feature, rule and scenario names

One feature file per area: opptak (eligibility), saksmengde (caseload cap), underveis (plan,
absence, suspension, resumption, the intake first and once), utskriving (leaving), incentivordningen
(follow-up), rettelser (back-dating, retractions, recording time), revisjon (the auditor: who is
behind a figure, what changed since publication and why, a record as it stood).
"""
from pytest_bdd import scenarios

scenarios(".")
