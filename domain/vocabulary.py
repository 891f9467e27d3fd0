"""The interchange format's closed lists of values (docs/events.md), and nothing else.

`domain.facts` checks facts against these; the command line offers them as its choices. Kept
apart, with no imports, so the command line can name them without loading the checks.
"""

MEASURES = ("norwegian", "work_practice", "social_orientation", "conversation_group",
            "physical_training", "diet_guidance", "job_search", "education", "other")
GOALS = ("work", "education")
SUSPENSION_REASONS = ("parental_leave", "sick_leave", "other")
INTRO_PROGRAMME = ("none", "completed", "self_settled", "moved", "stopped")
EXIT_KINDS = ("completed", "aborted")
OUTCOMES = ("full_time_job", "part_time_job", "subsidised_job", "education",
            "course_or_measure", "job_seeker", "no_activity", "other")
WORK_OR_EDUCATION = ("full_time_job", "part_time_job", "subsidised_job", "education")
ABORTED_BY = ("participant", "decision")
ABORT_REASONS = ("health", "behaviour", "invalid_absence", "moved", "benefits",
                 "disappeared", "other")
INDUSTRIES = ("cleaning", "warehouse_workshop", "canteen_restaurant", "driver", "other")
GENDERS = ("F", "M")
FOLLOW_UP_MONTHS = (6, 12)
