"""Demo content for ``manage.py load_demo``: plain data, no database access.

Everything here is written for the demo in the tracker's own words from the public
facts summarised in DESIGN.md. Recommendations, actions and updates are about
systems and practice only: nothing here describes a child, a victim or a case.
People are fictional and every e-mail address is at example.org.

Dates are fixed (``TODAY`` is the demo's "now") so that the data is the same on
every machine and every run.
"""

from datetime import date

# The demo's "today": every timeline entry is before it, and overdue means a due
# date before it while the action is not started or in progress.
TODAY = date(2026, 11, 25)

# Every demo account shares this password, which is why the command refuses to run
# on a deployment with DEBUG off unless forced.
DEMO_PASSWORD = "demo-password"  # noqa: S105 (a published demo password by design)

COUNCILS = (
    "bolton",
    "bury",
    "manchester",
    "oldham",
    "rochdale",
    "salford",
    "stockport",
    "tameside",
    "trafford",
    "wigan",
)
ALL_PARTNERS = ("gmca", *COUNCILS, "gmp", "nhs-gm")

# (slug, name, short name, kind)
AGENCIES = [
    ("gmca", "Greater Manchester Combined Authority", "GMCA", "combined_authority"),
    ("bolton", "Bolton Council", "Bolton", "local_authority"),
    ("bury", "Bury Council", "Bury", "local_authority"),
    ("manchester", "Manchester City Council", "Manchester", "local_authority"),
    ("oldham", "Oldham Council", "Oldham", "local_authority"),
    ("rochdale", "Rochdale Borough Council", "Rochdale", "local_authority"),
    ("salford", "Salford City Council", "Salford", "local_authority"),
    ("stockport", "Stockport Council", "Stockport", "local_authority"),
    ("tameside", "Tameside Council", "Tameside", "local_authority"),
    ("trafford", "Trafford Council", "Trafford", "local_authority"),
    ("wigan", "Wigan Council", "Wigan", "local_authority"),
    ("gmp", "Greater Manchester Police", "GMP", "police"),
    ("nhs-gm", "NHS Greater Manchester Integrated Care Board", "NHS GM", "health"),
]

# Accounts that belong to no agency. Usernames are the natural key.
ADMIN_USER = {
    "username": "admin",
    "first_name": "Demo",
    "last_name": "Administrator",
    "email": "admin@example.org",
}
OVERSIGHT_USER = {
    "username": "oversight",
    "first_name": "Rachel",
    "last_name": "Whitworth",
    "email": "rachel.whitworth@example.org",
}

# Fictional people: agency slug -> ((lead first, last), (contributor first, last)).
# Usernames are "<slug>.lead" and "<slug>.contributor".
AGENCY_PEOPLE = {
    "gmca": (("Daniel", "Okafor"), ("Sophie", "Brennan")),
    "bolton": (("Karen", "Ashcroft"), ("Imran", "Patel")),
    "bury": (("Mark", "Holden"), ("Leanne", "Fielding")),
    "manchester": (("Grace", "Mensah"), ("Tom", "Doherty")),
    "oldham": (("Nadia", "Hussain"), ("Peter", "Kershaw")),
    "rochdale": (("Joanne", "Taylor"), ("Asif", "Mahmood")),
    "salford": (("Claire", "Whittaker"), ("Ben", "Lowe")),
    "stockport": (("Andrew", "Pearson"), ("Hannah", "Cole")),
    "tameside": (("Michelle", "Grundy"), ("Ryan", "Shaw")),
    "trafford": (("Fiona", "McAllister"), ("Luke", "Bennett")),
    "wigan": (("Susan", "Platt"), ("Jamal", "Ahmed")),
    "gmp": (("Richard", "Moss"), ("Kelly", "Dawson")),
    "nhs-gm": (("Catherine", "Lees"), ("Owen", "Price")),
}

# Inspectorates and their scales. Grades are (label, is_graded), best first: the
# position is the rank. The independent review team does not grade.
INSPECTORATES = [
    {
        "slug": "hmicfrs",
        "name": "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
        "short_name": "HMICFRS",
        "website": "https://www.justiceinspectorates.gov.uk/hmicfrs/",
        "grades": [
            ("Outstanding", True),
            ("Good", True),
            ("Adequate", True),
            ("Requires improvement", True),
            ("Inadequate", True),
        ],
        # The five areas graded by the national child protection inspection.
        "areas": [
            "Leadership",
            "Working with safeguarding partners",
            "Responding to children at risk of harm (initial response)",
            "Assessing risk and making referrals",
            "Investigating abuse, neglect and exploitation",
        ],
    },
    {
        "slug": "ofsted",
        "name": "Office for Standards in Education, Children's Services and Skills",
        "short_name": "Ofsted",
        "website": "https://www.gov.uk/government/organisations/ofsted",
        "grades": [
            ("Outstanding", True),
            ("Good", True),
            ("Requires improvement to be good", True),
            ("Inadequate", True),
        ],
        # The judgements of an inspection of local authority children's services.
        "areas": [
            "Overall effectiveness",
            "The impact of leaders on social work practice with children and families",
            "The experiences and progress of children who need help and protection",
            "The experiences and progress of children in care",
            "The experiences and progress of care leavers",
        ],
    },
    {
        "slug": "cqc",
        "name": "Care Quality Commission",
        "short_name": "CQC",
        "website": "https://www.cqc.org.uk/",
        "grades": [
            ("Outstanding", True),
            ("Good", True),
            ("Requires improvement", True),
            ("Inadequate", True),
            ("Not rated", False),
        ],
        "areas": [],
    },
    {
        "slug": "independent-review-team",
        "name": "Independent Assurance Review team (Mayor's CSE Assurance Review)",
        "short_name": "Independent review team",
        "website": "https://www.greatermanchester-ca.gov.uk/",
        "grades": [],
        "areas": [],
    },
]

# name, slug, one-line description
THEMES = [
    (
        "Online child sexual exploitation",
        "online-cse",
        "Finding, investigating and disrupting exploitation that happens or begins online.",
    ),
    (
        "Workforce wellbeing",
        "workforce-wellbeing",
        "Making sure staff in demanding safeguarding roles know about, and use, the support open to them.",
    ),
    (
        "Voice of children and families",
        "voice-of-children-and-families",
        "Hearing from children, parents and carers, and using what they say to shape services and reviews.",
    ),
    (
        "Education partnership",
        "education-partnership",
        "Bringing schools, colleges and other education settings into the safeguarding partnership.",
    ),
    (
        "Consistent tools and processes",
        "consistent-tools-and-processes",
        "Using the same audit tools, templates and methods across organisations so findings compare.",
    ),
    (
        "Data sharing",
        "data-sharing",
        "Sharing information lawfully and promptly between police, councils and health.",
    ),
    (
        "Training and specialist capacity",
        "training-and-specialist-capacity",
        "Having enough trained specialist staff, in the right places, when they are needed.",
    ),
    (
        "Recording and demographic data",
        "recording-and-demographic-data",
        "Recording information, including demographic information, fully and consistently.",
    ),
    (
        "Victims and survivors",
        "victims-and-survivors",
        "Support, contact and communication for victims and survivors, including of non-recent abuse.",
    ),
]

# Closing notes, cycled through so the timelines do not all read the same.
SUBMIT_NOTES = [
    "All planned work is complete. Submitted for assurance with the evidence attached to this action.",
    "Complete and signed off by the agency lead. Submitted for assurance; evidence is on the timeline.",
    "Delivered as planned. Submitting for assurance with the supporting evidence.",
]
ASSURE_NOTES = [
    "Evidence reviewed by the GMCA assurance team: it shows the change is in place and in use. Assured.",
    "Assured. The evidence covers each part of the recommendation; no further action needed.",
    "Reviewed against the recommendation and the agreed plan. Assured and closed.",
]
RESUBMIT_NOTE = "Resubmitted with the further evidence the assurance team asked for."
FOLLOW_UP_NOTES = [
    "Progress reviewed at the agency's monthly improvement board.",
    "Plan checked against the recommendation with the GMCA assurance team; next steps agreed.",
    "Milestones updated after the quarterly partnership performance meeting.",
]

# Inspections. Each recommendation's "actions" lists (agency slug, scenario) or
# (agency slug, scenario, due date): one action per addressed agency. Scenarios:
#   not_started             no work logged yet
#   in_progress:<conf>      started, latest confidence green / amber / red
#   extended:<conf>         in progress, due date moved once (from the target date to the given date)
#   submitted               submitted for assurance, awaiting oversight
#   assured                 submitted and assured
#   returned                submitted, returned by oversight, resubmitted, awaiting oversight
#   returned_assured        as returned, then assured
# An action is due on the recommendation's target date unless a date is given.
# "description" is what each agency will do ({agency} is its name); "steps" are the
# narratives of starting, making progress and finishing; "risk" is why delivery may
# slip; "evidence" lists (original name, content type, body) with {agency}, {ref},
# {date} and {n0}..{n9} (small whole numbers) filled in per action.
INSPECTIONS = [
    {
        "slug": "gmp-national-child-protection-inspection-2024",
        "title": "Greater Manchester Police: national child protection inspection",
        "inspectorate": "hmicfrs",
        "kind": "inspection_report",
        "programme": "National child protection inspections",
        "published_on": date(2024, 12, 13),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-police-national-child-protection-inspection/"
        ),
        "summary": (
            "HMICFRS looked at how well Greater Manchester Police protects children, grading five areas. "
            "The force was good at working with safeguarding partners and adequate at responding to "
            "children at risk of harm, assessing risk and making referrals, and investigating abuse, "
            "neglect and exploitation. The second good grade is shown here against leadership, as press "
            "reporting of the inspection praised the force's strong leadership: check the published "
            "report at the source link. The areas for improvement cover investigating online child "
            "sexual exploitation, having enough trained staff to record children's evidence, staff "
            "awareness of the wellbeing support open to them, and recording children's demographic "
            "information. The force's action plan was due within six weeks, and the Mayor, as police "
            "and crime commissioner, comments on the report within 56 days."
        ),
        "agencies": ["gmp"],
        "judgements": [
            ("gmp", "Leadership", "Good"),
            ("gmp", "Working with safeguarding partners", "Good"),
            ("gmp", "Responding to children at risk of harm (initial response)", "Adequate"),
            ("gmp", "Assessing risk and making referrals", "Adequate"),
            ("gmp", "Investigating abuse, neglect and exploitation", "Adequate"),
        ],
        "recommendations": [
            {
                "reference": "AFI 1",
                "kind": "area_for_improvement",
                "wording": (
                    "The force should improve how it investigates online child sexual exploitation, so "
                    "that online offending is recognised early and investigated by staff with the right "
                    "skills and tools."
                ),
                "themes": ["online-cse", "training-and-specialist-capacity"],
                "area": "Investigating abuse, neglect and exploitation",
                "target_date": date(2025, 12, 31),
                "response": "accepted",
                "actions": [("gmp", "extended:amber", date(2026, 9, 30))],
                "description": (
                    "Set up a dedicated online child sexual exploitation investigation capability with "
                    "digital forensic support, and publish guidance for investigators on recognising "
                    "online offending."
                ),
                "steps": [
                    "Project board set up and a lead officer appointed; demand for online investigations mapped.",
                    "Investigation guidance for online exploitation drafted and out for consultation with "
                    "public protection and digital forensic teams.",
                    "Guidance published and online investigation training delivered to public protection "
                    "investigators.",
                ],
                "risk": "Recruitment to the specialist digital investigator posts is slower than planned.",
                "evidence": [
                    (
                        "Online-CSE-investigation-guidance-summary.txt",
                        "text/plain",
                        "{agency}: online child sexual exploitation investigation guidance\n"
                        "Recommendation {ref}. Summary prepared {date}.\n\n"
                        "Sections: recognising online offending; early digital forensic triage; "
                        "referral to the specialist team; working with platforms.\n"
                        "Investigators briefed so far: {n0}0\n",
                    ),
                ],
            },
            {
                "reference": "AFI 2",
                "kind": "area_for_improvement",
                "wording": (
                    "The force should make sure it has enough staff trained to record children's evidence "
                    "in interview, available in every district when they are needed."
                ),
                "themes": ["training-and-specialist-capacity"],
                "area": "Investigating abuse, neglect and exploitation",
                "target_date": date(2025, 9, 30),
                "response": "accepted",
                "actions": [("gmp", "assured")],
                "description": (
                    "Train more officers to interview children and record their evidence, and run a duty "
                    "rota so that a trained interviewer is available in each district."
                ),
                "steps": [
                    "Training needs analysis completed across the ten districts; course places booked.",
                    "Two interviewer training cohorts completed; duty rota drafted with district commanders.",
                    "Target number of trained interviewers reached in every district and the rota is live.",
                ],
                "risk": "Course places are limited and abstraction from district teams is high.",
                "evidence": [
                    (
                        "Interviewer-training-completion-by-district.csv",
                        "text/csv",
                        "district,trained_interviewers_before,trained_interviewers_now\n"
                        "Bolton,{n0},{n1}2\nBury,{n2},{n3}1\nCity of Manchester,{n4},{n5}4\n"
                        "Oldham,{n6},{n7}0\nRochdale,{n8},{n9}3\n",
                    ),
                ],
            },
            {
                "reference": "AFI 3",
                "kind": "area_for_improvement",
                "wording": (
                    "The force should make sure staff working in child protection understand the "
                    "wellbeing support available to them and know how to use it."
                ),
                "themes": ["workforce-wellbeing"],
                "area": "Leadership",
                "target_date": date(2025, 6, 30),
                "response": "accepted",
                "actions": [("gmp", "returned_assured")],
                "description": (
                    "Promote the wellbeing offer to all public protection staff, build it into induction "
                    "and supervision, and check staff understanding through a pulse survey."
                ),
                "steps": [
                    "Wellbeing offer for public protection staff reviewed with occupational health.",
                    "Wellbeing briefing added to induction and supervision templates; team briefings started.",
                    "Briefings delivered to every public protection team and the wellbeing intranet page refreshed.",
                ],
                "risk": "Briefings compete with operational demand in the busiest teams.",
                "evidence": [
                    (
                        "Wellbeing-briefing-delivery-log.csv",
                        "text/csv",
                        "team,briefing_delivered,staff_attending\n"
                        "Public protection investigation unit,yes,{n0}\nComplex safeguarding,yes,{n1}\n"
                        "Child sexual exploitation major incident team,yes,{n2}\nOnline investigations,yes,{n3}\n",
                    ),
                ],
                "return": {
                    "reason": (
                        "Returned: the log shows the briefings happened but not whether staff now understand "
                        "the support available. Please add the pulse survey results."
                    ),
                    "fix": "Pulse survey of public protection staff completed; results attached.",
                    "evidence": [
                        (
                            "Public-protection-staff-pulse-survey-summary.txt",
                            "text/plain",
                            "{agency}: public protection staff pulse survey, {date}\n\n"
                            "Responses: {n0}{n1}\n"
                            "Know how to get wellbeing support: 8{n2}% (baseline 4{n4}%)\n"
                            "Have used or would use the support: 6{n5}%\n",
                        ),
                    ],
                },
            },
            {
                "reference": "AFI 4",
                "kind": "area_for_improvement",
                "wording": (
                    "The force should record children's demographic information, including ethnicity, "
                    "consistently, so that it understands the needs of the children it protects and can "
                    "see any disproportionality."
                ),
                "themes": ["recording-and-demographic-data"],
                "area": "Responding to children at risk of harm (initial response)",
                "target_date": date(2025, 12, 31),
                "response": "accepted",
                "actions": [("gmp", "submitted")],
                "description": (
                    "Make the demographic fields mandatory in the child protection recording system, "
                    "issue recording guidance, and report completeness monthly."
                ),
                "steps": [
                    "Baseline audit of demographic recording completed; system change request raised.",
                    "Mandatory fields built and tested; recording guidance issued to call handlers and officers.",
                    "System change live; completeness reported monthly to the public protection board.",
                ],
                "risk": "The system change depends on the supplier's release schedule.",
                "evidence": [
                    (
                        "Demographic-recording-completeness-monthly.csv",
                        "text/csv",
                        "month,records_created,ethnicity_recorded_percent\n"
                        "2025-09,{n0}{n1}0,6{n2}\n2025-10,{n3}{n4}0,8{n5}\n2025-11,{n6}{n7}0,9{n8}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "gm-complex-safeguarding-peer-review-interim-findings-2024",
        "title": (
            "Letter of interim findings: Greater Manchester multi-agency complex safeguarding peer review process"
        ),
        "inspectorate": "hmicfrs",
        "kind": "letter",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2024, 12, 13),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-complex-safeguarding-peer-review-interim-findings/"
        ),
        "summary": (
            "HMICFRS's interim view of the peer review process the Greater Manchester partners use to check "
            "their complex safeguarding work. The inspectorate found the process encouraging and said it "
            "could be strengthened by hearing from children, parents and carers, by widening the partnership "
            "to areas such as education, and by making tools and processes consistent across organisations. "
            "A final report was to follow in summer 2025."
        ),
        "agencies": list(ALL_PARTNERS),
        "recommendations": [
            {
                "reference": "AFI 1",
                "kind": "area_for_improvement",
                "wording": (
                    "The peer review process should include the views and experiences of children, parents "
                    "and carers, gathered in a safe and supported way."
                ),
                "themes": ["voice-of-children-and-families"],
                "target_date": date(2025, 6, 30),
                "response": "accepted",
                "actions": [("gmca", "assured")],
                "description": (
                    "Build a way of hearing from children, parents and carers into the peer review "
                    "method, working with the councils' participation and advocacy services."
                ),
                "steps": [
                    "Participation leads from the ten councils asked to co-design the approach; options drafted.",
                    "Method for gathering feedback agreed, with consent and support arrangements.",
                    "Revised peer review method published and used in the spring review round.",
                ],
                "risk": "Participation services need time to prepare young people's involvement safely.",
                "evidence": [
                    (
                        "Peer-review-method-v2-change-note.txt",
                        "text/plain",
                        "Complex safeguarding peer review method, version 2 ({date})\n\n"
                        "Change: each review round now gathers the views of children, parents and carers "
                        "through the councils' participation services before the review panel meets.\n"
                        "Participation services involved: {n0}\n",
                    ),
                ],
            },
            {
                "reference": "AFI 2",
                "kind": "area_for_improvement",
                "wording": (
                    "The partnership should widen the peer review process to include education, so that "
                    "schools and colleges contribute to it and learn from it."
                ),
                "themes": ["education-partnership"],
                "target_date": date(2025, 7, 31),
                "response": "accepted",
                "actions": [
                    ("gmca", "assured"),
                    ("bolton", "assured"),
                    ("bury", "assured"),
                    ("manchester", "assured"),
                    ("oldham", "assured"),
                    ("rochdale", "assured"),
                    ("salford", "extended:green", date(2026, 12, 18)),
                    ("stockport", "assured"),
                    ("tameside", "submitted"),
                    ("trafford", "assured"),
                    ("wigan", "assured"),
                ],
                "description": {
                    "gmca": (
                        "Change the peer review terms of reference so that education is a standing partner, "
                        "and add an education section to the review template."
                    ),
                    "default": (
                        "Nominate education representatives from {agency}'s area to the peer review and "
                        "make sure schools and colleges contribute to each review round."
                    ),
                },
                "steps": [
                    "Education leads identified and briefed on the peer review process.",
                    "Schools and colleges invited to contribute to the next review round; template updated.",
                    "Education representatives took part in the latest peer review round.",
                ],
                "risk": "Schools' capacity to release staff during term time is limited.",
                "evidence": [
                    (
                        "Peer-review-education-participation.csv",
                        "text/csv",
                        "review_round,schools_invited,schools_contributed,colleges_contributed\n"
                        "Spring 2025,{n0},{n1},{n2}\nSummer 2025,{n3},{n4},{n5}\n",
                    ),
                ],
            },
            {
                "reference": "AFI 3",
                "kind": "area_for_improvement",
                "wording": (
                    "Partners should use consistent tools and processes in the peer review, so that findings "
                    "from different organisations can be compared and combined."
                ),
                "themes": ["consistent-tools-and-processes"],
                "target_date": date(2025, 9, 30),
                "response": "accepted_in_principle",
                "actions": [
                    ("gmca", "assured"),
                    ("bolton", "assured"),
                    ("bury", "assured"),
                    ("manchester", "assured"),
                    ("oldham", "assured"),
                    ("rochdale", "assured"),
                    ("salford", "assured"),
                    ("stockport", "assured"),
                    ("tameside", "assured"),
                    ("trafford", "extended:red", date(2026, 3, 31)),
                    ("wigan", "assured"),
                    ("gmp", "assured"),
                    ("nhs-gm", "submitted"),
                ],
                "description": {
                    "gmca": "Publish a shared peer review toolkit: case selection, audit questions and scoring.",
                    "default": "Adopt the shared peer review toolkit for all of {agency}'s peer review work.",
                },
                "steps": [
                    "Local peer review templates compared with the draft shared toolkit.",
                    "Shared toolkit piloted in one review round; feedback returned to GMCA.",
                    "Shared toolkit adopted for all peer review work and local templates withdrawn.",
                ],
                "risk": "The local template is built into the case recording system and needs reconfiguring.",
                "evidence": [
                    (
                        "Peer-review-toolkit-adoption-confirmation.txt",
                        "text/plain",
                        "{agency}: confirmation of adoption of the shared peer review toolkit\n"
                        "Recommendation {ref}. Confirmed {date}.\n\n"
                        "Local templates withdrawn: {n0}\nReviewers briefed on the toolkit: {n1}{n2}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cse-assurance-review-part-one",
        "title": "Mayor's CSE Assurance Review Part One: non-recent child sexual exploitation in Manchester",
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part One",
        "published_on": date(2020, 1, 14),
        "source_url": (
            "https://www.greatermanchester-ca.gov.uk/what-we-do/police-fire-and-crime/"
            "cse-assurance-review/part-one/"
        ),
        "summary": (
            "The independent review team's first report looked back at how police and children's services "
            "in Manchester responded to child sexual exploitation in earlier years, and at whether the "
            "lessons had been learned. Its recommendations concern how records and intelligence are kept, "
            "access to records for adults who were known to services as children, and further independent "
            "assurance of current practice."
        ),
        "agencies": ["manchester", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should make sure that records and intelligence about non-recent "
                    "child sexual exploitation are kept, indexed and searchable, so they can be reviewed when "
                    "new information comes to light."
                ),
                "themes": ["recording-and-demographic-data", "victims-and-survivors"],
                "target_date": date(2020, 12, 31),
                "response": "accepted",
                "actions": [("gmp", "assured")],
                "description": (
                    "Index legacy exploitation records in the force's records management system and set a "
                    "retention rule that keeps them available for review."
                ),
                "steps": [
                    "Legacy record stores identified and a retention rule drafted with information management.",
                    "Indexing of legacy records under way; search tested by the review team.",
                    "Legacy records indexed and searchable; retention rule approved by the chief officer group.",
                ],
                "risk": "Some legacy stores are on paper and need scanning first.",
                "evidence": [
                    (
                        "Legacy-records-indexing-completion.csv",
                        "text/csv",
                        "record_store,boxes_or_systems,indexed_percent\n"
                        "Paper archive,{n0}{n1},100\nLegacy database A,{n2},100\nLegacy database B,{n3},100\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Manchester City Council should make it easier for adults who were known to its "
                    "children's services to get their records, with support offered when they read them."
                ),
                "themes": ["victims-and-survivors"],
                "target_date": date(2020, 12, 31),
                "response": "accepted",
                "actions": [("manchester", "assured")],
                "description": (
                    "Simplify the process for requesting care and children's services records and offer a "
                    "supported reading session with a trained worker."
                ),
                "steps": [
                    "Current records-access process mapped with people who have used it.",
                    "New request route and supported reading offer designed; staff training booked.",
                    "New process live, published on the council's website, and staff trained.",
                ],
                "risk": "Record retrieval from off-site storage is slow.",
                "evidence": [
                    (
                        "Records-access-process-and-training-note.txt",
                        "text/plain",
                        "{agency}: access to children's services records for adults\n"
                        "Process live from {date}.\n\n"
                        "Staff trained to support reading sessions: {n0}\n"
                        "Target time from request to first contact: {n1} working days\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "The Mayor should commission further independent assurance of how the partners respond to "
                    "child sexual exploitation today, and publish what it finds."
                ),
                "themes": [],
                "target_date": date(2020, 6, 30),
                "response": "accepted",
                "actions": [("gmca", "assured")],
                "description": (
                    "Agree the scope of further parts of the assurance review, commission them and publish "
                    "each report."
                ),
                "steps": [
                    "Scope for the next parts of the review drafted with the Deputy Mayor's office.",
                    "Independent review team commissioned for the next part; terms of reference published.",
                    "Programme of further assurance agreed and published on the Combined Authority's website.",
                ],
                "risk": "Partners' availability to support the review.",
                "evidence": [
                    (
                        "Assurance-review-programme-terms-of-reference.txt",
                        "text/plain",
                        "Mayor's CSE Assurance Review: programme of further assurance\nAgreed {date}.\n\n"
                        "Parts planned: 3\nPublication: each report published in full.\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cse-assurance-review-part-two",
        "title": "Mayor's CSE Assurance Review Part Two: Oldham",
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Two",
        "published_on": date(2022, 6, 21),
        "source_url": (
            "https://www.greatermanchester-ca.gov.uk/what-we-do/police-fire-and-crime/"
            "cse-assurance-review/part-two/"
        ),
        "summary": (
            "The second report looked at how agencies in Oldham responded to child sexual exploitation in "
            "earlier years and what has changed since. Its recommendations concern record keeping, a joined-up "
            "route for people who experienced exploitation to raise concerns and get support, and training."
        ),
        "agencies": ["oldham", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Oldham Council should complete its review of how records from its children's services "
                    "were kept and archived, and make sure they are complete and secure."
                ),
                "themes": ["recording-and-demographic-data"],
                "target_date": date(2022, 12, 31),
                "response": "accepted",
                "actions": [("oldham", "assured")],
                "description": "Audit archived children's services records and move them to secure storage.",
                "steps": [
                    "Archive audit planned with the records manager; storage options appraised.",
                    "Audit of archived records half complete; gaps logged and followed up.",
                    "Audit complete and records moved to the council's secure records store.",
                ],
                "risk": "The volume of paper archive is larger than estimated.",
                "evidence": [
                    (
                        "Records-archive-audit-summary.csv",
                        "text/csv",
                        "archive,boxes_audited,moved_to_secure_store\n"
                        "Civic centre,{n0}{n1},yes\nOff-site store,{n2}{n3},yes\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police and Oldham Council should offer a single, joined-up route for "
                    "people who experienced exploitation as children to raise concerns and get support."
                ),
                "themes": ["victims-and-survivors"],
                "target_date": date(2023, 3, 31),
                "response": "accepted",
                "actions": [("gmp", "assured"), ("oldham", "assured")],
                "description": (
                    "Agree a joint contact route with the partner agency, publish it, and train the staff who "
                    "answer it."
                ),
                "steps": [
                    "Joint working group set up; existing contact routes mapped.",
                    "Single contact route agreed and staff identified; information sheet drafted.",
                    "Contact route live and published; staff who answer it trained.",
                ],
                "risk": "Agreeing information sharing between the two agencies takes longer than planned.",
                "evidence": [
                    (
                        "Joint-contact-route-launch-note.txt",
                        "text/plain",
                        "{agency}: joint contact route launched {date}\n\n"
                        "Staff trained to answer the route: {n0}\nPublished on both agencies' websites: yes\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "Oldham Council should make sure its staff are trained to recognise child sexual "
                    "exploitation and respond to it in line with current guidance."
                ),
                "themes": ["training-and-specialist-capacity"],
                "target_date": date(2022, 12, 31),
                "response": "accepted",
                "actions": [("oldham", "assured")],
                "description": "Refresh and deliver exploitation training for children's services staff.",
                "steps": [
                    "Training needs analysis completed; course content refreshed against current guidance.",
                    "Training under way; first cohorts of social workers and early help staff completed.",
                    "Training delivered to all target staff groups and added to induction.",
                ],
                "risk": "Staff turnover means some teams need repeat sessions.",
                "evidence": [
                    (
                        "CSE-training-attendance-summary.csv",
                        "text/csv",
                        "staff_group,sessions,staff_attended\n"
                        "Social work teams,{n0},{n1}{n2}\nEarly help,{n3},{n4}{n5}\nResidential care,{n6},{n7}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cse-assurance-review-part-three",
        "title": "Mayor's CSE Assurance Review Part Three: Rochdale",
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Three",
        "published_on": date(2024, 1, 17),
        "source_url": (
            "https://www.greatermanchester-ca.gov.uk/what-we-do/police-fire-and-crime/"
            "cse-assurance-review/part-three/"
        ),
        "summary": (
            "The third report looked at the response to child sexual exploitation in Rochdale. Its "
            "recommendations concern information sharing between the council and the police, regular contact "
            "for people reporting non-recent exploitation, and the specialist capacity of the council's "
            "complex safeguarding team."
        ),
        "agencies": ["rochdale", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Rochdale Borough Council and Greater Manchester Police should review their "
                    "information-sharing agreement for exploitation work, so that concerns are shared "
                    "promptly between them."
                ),
                "themes": ["data-sharing"],
                "target_date": date(2024, 7, 31),
                "response": "accepted",
                "actions": [("gmp", "assured"), ("rochdale", "assured")],
                "description": "Review and re-sign the exploitation information-sharing agreement.",
                "steps": [
                    "Current agreement reviewed by both information governance teams.",
                    "Revised agreement drafted with timescales for sharing; legal review complete.",
                    "Revised agreement signed by both agencies and briefed to practitioners.",
                ],
                "risk": "Legal review is queued behind other work.",
                "evidence": [
                    (
                        "Information-sharing-agreement-v3-signature-page.txt",
                        "text/plain",
                        "Exploitation information-sharing agreement, version 3\nSigned for {agency} on {date}.\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should make sure that people who report non-recent exploitation "
                    "are kept informed by a named contact at agreed intervals."
                ),
                "themes": ["victims-and-survivors"],
                "target_date": date(2024, 6, 30),
                "response": "accepted",
                "actions": [("gmp", "assured")],
                "description": "Introduce named contacts and a contact standard for non-recent reports.",
                "steps": [
                    "Contact standard drafted with victim services.",
                    "Named contact arrangement piloted in one district.",
                    "Named contact arrangement in place force-wide and compliance checked monthly.",
                ],
                "risk": "Investigator workloads limit time for regular contact.",
                "evidence": [
                    (
                        "Contact-standard-compliance-check.csv",
                        "text/csv",
                        "month,reports_checked,contact_standard_met_percent\n"
                        "2024-04,{n0}{n1},8{n2}\n2024-05,{n3}{n4},9{n5}\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "Rochdale Borough Council should make sure its complex safeguarding team has the specialist "
                    "staff and training it needs, and check this through regular audit."
                ),
                "themes": ["training-and-specialist-capacity"],
                "target_date": date(2024, 12, 31),
                "response": "accepted",
                "actions": [("rochdale", "assured")],
                "description": (
                    "Fill vacant specialist posts in the complex safeguarding team, deliver specialist "
                    "training and add a quarterly workforce audit."
                ),
                "steps": [
                    "Workforce review of the complex safeguarding team completed; vacancies advertised.",
                    "Specialist posts filled; training plan agreed for the team.",
                    "Team at full establishment, training complete, first quarterly audit reported.",
                ],
                "risk": "Recruiting experienced social workers is difficult across the region.",
                "evidence": [
                    (
                        "Complex-safeguarding-team-workforce-audit.csv",
                        "text/csv",
                        "quarter,established_posts,filled_posts,specialist_training_complete\n"
                        "2024 Q3,1{n0},1{n0},yes\n2024 Q4,1{n0},1{n0},yes\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cse-assurance-review-part-four",
        "title": "Mayor's CSE Assurance Review Part Four: current multi-agency practice on child sexual exploitation",
        "inspectorate": "hmicfrs",
        "kind": "inspection_report",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2025, 7, 17),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-cse-assurance-review-part-four/"
        ),
        "summary": (
            "Led by HMICFRS with Ofsted and CQC, this report looked at how the partners respond to child "
            "sexual exploitation today. It found significant improvement at Greater Manchester Police, but a "
            "training gap in the force's CSE major incident team, problems sharing data between the police "
            "and councils, and different case-file audit tools in children's social care, health and the police."
        ),
        "agencies": list(ALL_PARTNERS),
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should close the training gap in its CSE major incident team, "
                    "so that every investigator in the team has completed the specialist training for the role."
                ),
                "themes": ["training-and-specialist-capacity"],
                "area": "Investigating abuse, neglect and exploitation",
                "target_date": date(2026, 3, 31),
                "response": "accepted",
                "actions": [("gmp", "returned")],
                "description": (
                    "Complete specialist child sexual exploitation investigation training for every member of "
                    "the major incident team and make it part of the team's induction."
                ),
                "steps": [
                    "Training records for the team checked against the role profile; gaps listed by post.",
                    "Specialist course commissioned; first two cohorts completed.",
                    "All current team members trained and the course added to the team's induction.",
                ],
                "risk": "Course dates depend on an external provider.",
                "evidence": [
                    (
                        "CSE-MIT-training-attendance-summary.csv",
                        "text/csv",
                        "cohort,dates,investigators_trained\n"
                        "1,October 2025,{n0}{n1}\n2,January 2026,{n2}{n3}\n3,March 2026,{n4}\n",
                    ),
                ],
                "return": {
                    "reason": (
                        "Returned: the summary covers current staff but not how new starters are trained "
                        "before they take on investigations. Please add the induction procedure."
                    ),
                    "fix": "Team induction procedure updated so that new starters complete the course first.",
                    "evidence": [
                        (
                            "CSE-MIT-induction-procedure-extract.txt",
                            "text/plain",
                            "{agency}: CSE major incident team induction procedure (extract), {date}\n\n"
                            "New investigators complete the specialist course before being allocated "
                            "investigations. Course places are held for new starters each quarter.\n",
                        ),
                    ],
                },
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police and the ten councils should remove the barriers to sharing data "
                    "about child exploitation between them, with a common information-sharing agreement and "
                    "compatible data standards."
                ),
                "themes": ["data-sharing"],
                "target_date": date(2026, 12, 31),
                "response": "accepted",
                "actions": [
                    ("bolton", "submitted"),
                    ("bury", "in_progress:green"),
                    ("manchester", "in_progress:green"),
                    ("oldham", "in_progress:amber"),
                    ("rochdale", "in_progress:green"),
                    ("salford", "submitted"),
                    ("stockport", "in_progress:green"),
                    ("tameside", "in_progress:red"),
                    ("trafford", "not_started"),
                    ("wigan", "in_progress:amber"),
                    ("gmp", "in_progress:amber"),
                ],
                "description": (
                    "Sign the Greater Manchester exploitation information-sharing agreement and map "
                    "{agency}'s exploitation data to the common data standard."
                ),
                "steps": [
                    "Information governance leads reviewed the draft common information-sharing agreement.",
                    "Agreement approved by the data protection officer; data fields mapped to the common standard.",
                    "Agreement signed and the first monthly data exchange completed to the common standard.",
                ],
                "risk": "Changes to the case management system depend on the supplier's release schedule.",
                "evidence": [
                    (
                        "GM-information-sharing-agreement-signature-page.txt",
                        "text/plain",
                        "Greater Manchester exploitation information-sharing agreement\n"
                        "Signed for {agency} on {date}.\n",
                    ),
                    (
                        "Data-standard-field-mapping.csv",
                        "text/csv",
                        "common_field,local_field,mapped\n"
                        "exploitation_risk_level,risk_category,yes\nreferral_source,referrer_type,yes\n"
                        "date_of_referral,referral_date,yes\nlocality,ward_code,yes\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "Children's social care, health and the police should use a common case-file audit tool for "
                    "exploitation work, so that audits can be compared and joint learning drawn from them."
                ),
                "themes": ["consistent-tools-and-processes"],
                "target_date": date(2026, 9, 30),
                "response": "accepted_in_principle",
                "actions": [
                    ("bolton", "assured"),
                    ("bury", "assured"),
                    ("manchester", "submitted"),
                    ("oldham", "assured"),
                    ("rochdale", "assured"),
                    ("salford", "assured"),
                    ("stockport", "submitted"),
                    ("tameside", "in_progress:red"),
                    ("trafford", "assured"),
                    ("wigan", "in_progress:amber"),
                    ("gmp", "assured"),
                    ("nhs-gm", "extended:green", date(2027, 3, 31)),
                ],
                "description": (
                    "Replace {agency}'s own exploitation case-file audit template with the common Greater "
                    "Manchester audit tool and train its auditors to use it."
                ),
                "steps": [
                    "Current audit template compared with the common tool; differences listed.",
                    "Auditors briefed; first audits completed with the common tool.",
                    "Common audit tool in routine use for all exploitation audits; old template withdrawn.",
                ],
                "risk": "Auditor capacity is stretched by other inspection activity this quarter.",
                "evidence": [
                    (
                        "Case-file-audit-tool-adoption-note.txt",
                        "text/plain",
                        "{agency}: adoption of the common exploitation case-file audit tool\n"
                        "Confirmed {date}.\n\nAuditors trained: {n0}{n1}\nOld template withdrawn: yes\n",
                    ),
                    (
                        "Exploitation-audit-programme-summary.csv",
                        "text/csv",
                        "quarter,audits_planned,audits_completed_with_common_tool\n"
                        "Q1,{n2}{n3},{n2}{n3}\nQ2,{n4}{n5},{n4}{n5}\n",
                    ),
                ],
            },
            {
                "reference": "R4",
                "kind": "recommendation",
                "wording": (
                    "The Combined Authority should set up a partnership-wide performance and assurance "
                    "framework for child exploitation and report progress against these recommendations to the "
                    "Deputy Mayor."
                ),
                "themes": ["consistent-tools-and-processes"],
                "target_date": date(2026, 1, 31),
                "response": "accepted",
                "actions": [("gmca", "assured")],
                "description": (
                    "Agree a shared performance and assurance framework with all partners and report to the "
                    "Deputy Mayor quarterly."
                ),
                "steps": [
                    "Draft framework and measures shared with all thirteen partners.",
                    "Framework agreed at the partnership board; first quarterly report drafted.",
                    "Framework in place and the first quarterly report presented to the Deputy Mayor.",
                ],
                "risk": "Partners' data returns arrive at different times.",
                "evidence": [
                    (
                        "Assurance-framework-terms-of-reference.txt",
                        "text/plain",
                        "Greater Manchester child exploitation performance and assurance framework\n"
                        "Agreed {date}.\n\nMeasures: {n0}{n1}\nReporting: quarterly to the Deputy Mayor\n",
                    ),
                ],
            },
            {
                "reference": "R5",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should make its recent improvements last by building them into "
                    "its standard procedures and checking them through its own audit programme."
                ),
                "themes": ["consistent-tools-and-processes"],
                "area": "Leadership",
                "target_date": date(2026, 12, 31),
                "response": "accepted",
                "actions": [("gmp", "in_progress:green")],
                "description": (
                    "Update standard operating procedures for child exploitation work and add the changes to "
                    "the force's internal audit programme."
                ),
                "steps": [
                    "Procedures affected by the improvement programme listed; owners assigned.",
                    "Procedures being rewritten; audit questions added to the force audit plan.",
                    "All procedures published and the first internal audit reported.",
                ],
                "risk": "Procedure rewrites compete with other policy work.",
                "evidence": [
                    (
                        "Procedure-update-tracker.csv",
                        "text/csv",
                        "procedure,status\nExploitation screening,published\nStrategy discussions,published\n"
                        "Missing from home,in review\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "ofsted-child-exploitation-overview-ten-councils-2025",
        "title": (
            "Children's services practice on child sexual and criminal exploitation in Greater Manchester: "
            "overview of the ten councils"
        ),
        "inspectorate": "ofsted",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2025, 7, 17),
        "source_url": (
            "https://www.gov.uk/government/publications/"
            "childrens-services-practice-on-child-exploitation-in-greater-manchester"
        ),
        "summary": (
            "Ofsted's overview of how children's services in all ten Greater Manchester councils work with "
            "children at risk of sexual and criminal exploitation, published alongside HMICFRS's Part Four "
            "reports. The tracker holds no grades from it; the recommendations recorded here are the tracker's "
            "summary of the points that apply to every council."
        ),
        "agencies": list(COUNCILS),
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Each council should strengthen how schools and colleges are involved in recognising and "
                    "responding to child exploitation, including through the local safeguarding arrangements."
                ),
                "themes": ["education-partnership"],
                "target_date": date(2027, 1, 31),
                "response": "accepted",
                "actions": [
                    ("bolton", "assured"),
                    ("bury", "in_progress:green"),
                    ("manchester", "in_progress:green"),
                    ("oldham", "submitted"),
                    ("rochdale", "in_progress:amber"),
                    ("salford", "in_progress:green"),
                    ("stockport", "in_progress:green"),
                    ("tameside", "in_progress:amber"),
                    ("trafford", "submitted"),
                    ("wigan", "not_started"),
                ],
                "description": (
                    "Give schools and colleges in {agency}'s area a named exploitation contact, a seat on the "
                    "local exploitation panel and termly briefings."
                ),
                "steps": [
                    "Education safeguarding leads consulted on what support schools need.",
                    "Named exploitation contacts in place; schools invited to the local exploitation panel.",
                    "Education representatives attend the panel and termly briefings are running.",
                ],
                "risk": "Academy trusts' governance arrangements vary and take time to align.",
                "evidence": [
                    (
                        "Education-exploitation-briefings-attendance.csv",
                        "text/csv",
                        "term,briefings,schools_attending,colleges_attending\n"
                        "Autumn 2025,{n0},{n1}{n2},{n3}\nSpring 2026,{n4},{n5}{n6},{n7}\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Each council should make sure children's views and experiences are recorded and shape "
                    "their plans, and that what children and families say is used to improve services."
                ),
                "themes": ["voice-of-children-and-families"],
                "target_date": date(2026, 12, 31),
                "response": "accepted",
                "actions": [
                    ("bolton", "in_progress:amber", date(2026, 10, 30)),
                    ("bury", "submitted"),
                    ("manchester", "assured"),
                    ("oldham", "in_progress:green"),
                    ("rochdale", "assured"),
                    ("salford", "in_progress:amber"),
                    ("stockport", "assured"),
                    ("tameside", "in_progress:green"),
                    ("trafford", "in_progress:green"),
                    ("wigan", "in_progress:red"),
                ],
                "description": (
                    "Add a child's-views section to {agency}'s exploitation plans, audit its use, and report "
                    "what children and families say to the service leadership team each quarter."
                ),
                "steps": [
                    "Plan templates reviewed with the participation team and young advisers.",
                    "Child's-views section added to plan templates; practice guidance issued.",
                    "Audit shows the section is used, and quarterly feedback reports are in place.",
                ],
                "risk": "The case recording system change is waiting for the supplier's next release.",
                "evidence": [
                    (
                        "Plan-template-audit-child-views.csv",
                        "text/csv",
                        "audit_month,plans_sampled,child_views_recorded\n"
                        "Month 1,{n0}{n1},{n2}{n3}\nMonth 2,{n4}{n5},{n6}{n7}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "gm-complex-safeguarding-peer-review-final-report-2025",
        "title": "Greater Manchester multi-agency complex safeguarding peer review: final report",
        "inspectorate": "hmicfrs",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2025, 7, 17),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-complex-safeguarding-peer-review-final-report/"
        ),
        "summary": (
            "HMICFRS's final report on the partners' complex safeguarding peer review process, following its "
            "interim letter of December 2024. The recommendations recorded here make the voice of children "
            "and families a standing part of the process, keep one shared method, and build enough trained "
            "peer reviewers in every partner."
        ),
        "agencies": list(ALL_PARTNERS),
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "The partnership should make hearing from children, parents and carers a standard part of "
                    "every peer review round, and report how their views changed practice."
                ),
                "themes": ["voice-of-children-and-families"],
                "target_date": date(2026, 3, 31),
                "response": "accepted",
                "actions": [("gmca", "assured")],
                "description": (
                    "Make family and young people's feedback a fixed stage of every review round and add a "
                    "'what changed' section to each round's report."
                ),
                "steps": [
                    "Feedback stage written into the review timetable for every round.",
                    "First round run with the fixed feedback stage; report template updated.",
                    "Two rounds completed with the feedback stage and 'what changed' reporting.",
                ],
                "risk": "Participation services' capacity in the summer holidays.",
                "evidence": [
                    (
                        "Peer-review-round-report-what-changed.txt",
                        "text/plain",
                        "Complex safeguarding peer review round report ({date})\n\n"
                        "Feedback stage completed: yes\nPractice changes reported: {n0}\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "The Combined Authority should keep a single, version-controlled peer review method and "
                    "toolkit and make sure every partner uses the current version."
                ),
                "themes": ["consistent-tools-and-processes"],
                "target_date": date(2026, 1, 31),
                "response": "accepted",
                "actions": [("gmca", "assured")],
                "description": "Publish the method and toolkit in one place with version control and a change log.",
                "steps": [
                    "Method and toolkit documents gathered and reconciled into one set.",
                    "Single version published on the partnership site with a change log.",
                    "Partners confirmed they use the current version; old copies withdrawn.",
                ],
                "risk": "Some partners hold local copies that need withdrawing.",
                "evidence": [
                    (
                        "Peer-review-toolkit-version-log.csv",
                        "text/csv",
                        "version,date,change\n2.0,2025-05,feedback stage added\n"
                        "2.1,2025-11,education section added\n2.2,2026-01,scoring guidance clarified\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "Each partner should train enough staff as peer reviewers to take part in every review "
                    "round without relying on the same few people."
                ),
                "themes": ["training-and-specialist-capacity"],
                "target_date": date(2026, 6, 30),
                "response": "accepted",
                "actions": [
                    ("bolton", "assured"),
                    ("bury", "submitted"),
                    ("manchester", "assured"),
                    ("oldham", "in_progress:amber"),
                    ("rochdale", "assured"),
                    ("salford", "assured"),
                    ("stockport", "not_started"),
                    ("tameside", "submitted"),
                    ("trafford", "assured"),
                    ("wigan", "submitted"),
                    ("gmp", "assured"),
                    ("nhs-gm", "extended:green", date(2027, 1, 29)),
                ],
                "description": (
                    "Train at least six peer reviewers in {agency} and keep a rota so that each review round "
                    "draws on different reviewers."
                ),
                "steps": [
                    "Potential reviewers identified with service managers.",
                    "Peer reviewer training delivered to the first group.",
                    "Six or more trained reviewers on the rota and taking part in review rounds.",
                ],
                "risk": "Releasing staff for training and reviews is hard while vacancies are high.",
                "evidence": [
                    (
                        "Peer-reviewer-training-register.csv",
                        "text/csv",
                        "training_date,reviewers_trained\nSession 1,{n0}\nSession 2,{n1}\nSession 3,{n2}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "gmp-operations-green-jacket-sherwood-exmoor-2025",
        "title": "Greater Manchester Police: review of Operations Green Jacket, Sherwood and Exmoor",
        "inspectorate": "hmicfrs",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2025, 7, 17),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-police-operations-green-jacket-sherwood-and-exmoor/"
        ),
        "summary": (
            "A review of three Greater Manchester Police operations concerning child sexual exploitation, and "
            "of what the force has learned from them for current and future investigations. The tracker holds "
            "only the recommendations about the force's systems and practice."
        ),
        "agencies": ["gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should build the learning from these operations into its "
                    "training and guidance for complex exploitation investigations."
                ),
                "themes": ["training-and-specialist-capacity"],
                "area": "Investigating abuse, neglect and exploitation",
                "target_date": date(2026, 3, 31),
                "response": "accepted",
                "actions": [("gmp", "assured")],
                "description": (
                    "Write a learning summary, update the complex investigation guidance and add the learning "
                    "to investigator training."
                ),
                "steps": [
                    "Learning themes drawn from the review and agreed with the senior investigating officers.",
                    "Guidance updated; training module drafted with the learning and development team.",
                    "Guidance published and the training module delivered to complex investigation teams.",
                ],
                "risk": "Training slots for complex investigation teams are limited.",
                "evidence": [
                    (
                        "Complex-investigation-learning-module-delivery.csv",
                        "text/csv",
                        "team,module_delivered,staff_attended\nMajor incident team,yes,{n0}{n1}\n"
                        "Public protection investigation,yes,{n2}{n3}\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should have a plan to resource large, long-running exploitation "
                    "investigations without drawing staff away from other child protection work."
                ),
                "themes": ["training-and-specialist-capacity"],
                "area": "Investigating abuse, neglect and exploitation",
                "target_date": date(2026, 12, 31),
                "response": "accepted_in_principle",
                "actions": [("gmp", "in_progress:amber")],
                "description": (
                    "Agree a resourcing model for large exploitation investigations, including a reserve of "
                    "trained investigators and a trigger for requesting regional support."
                ),
                "steps": [
                    "Demand from large investigations over recent years analysed.",
                    "Draft resourcing model and reserve list discussed with the chief officer group.",
                    "Resourcing model approved and tested in a tabletop exercise.",
                ],
                "risk": "Funding for the reserve posts is not yet confirmed in the force budget.",
                "evidence": [
                    (
                        "Large-investigation-resourcing-model-summary.txt",
                        "text/plain",
                        "{agency}: resourcing model for large exploitation investigations ({date})\n\n"
                        "Reserve investigators identified: {n0}{n1}\n",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "gmp-response-to-victims-and-survivors-2025",
        "title": (
            "Greater Manchester Police's response to victims and survivors identified by the independent review team"
        ),
        "inspectorate": "hmicfrs",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Four",
        "published_on": date(2025, 7, 17),
        "source_url": (
            "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
            "greater-manchester-police-response-to-victims-and-survivors/"
        ),
        "summary": (
            "A review of how Greater Manchester Police has responded to the victims and survivors identified "
            "by the independent review team in earlier parts of the assurance review. The recommendations "
            "recorded here concern contact arrangements, access to specialist support and involving victims "
            "and survivors in oversight."
        ),
        "agencies": ["gmp", "nhs-gm", "gmca"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police should give every victim and survivor identified by the review "
                    "team a named point of contact, and keep them updated at intervals they agree."
                ),
                "themes": ["victims-and-survivors"],
                "target_date": date(2025, 12, 31),
                "response": "accepted",
                "actions": [("gmp", "assured")],
                "description": "Assign named contacts and record agreed contact intervals in the case system.",
                "steps": [
                    "Contact arrangements reviewed with victim services and the review team.",
                    "Named contacts assigned; contact interval field added to the case system.",
                    "Every identified person has a named contact; compliance checked monthly.",
                ],
                "risk": "Named contacts move roles and need replacing promptly.",
                "evidence": [
                    (
                        "Named-contact-compliance-report.csv",
                        "text/csv",
                        "month,named_contact_assigned_percent,contact_interval_met_percent\n"
                        "Month 1,100,8{n0}\nMonth 2,100,9{n1}\n",
                    ),
                ],
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "wording": (
                    "Greater Manchester Police and NHS Greater Manchester should make sure victims and survivors "
                    "can be referred quickly to specialist therapeutic support, wherever they live in Greater "
                    "Manchester."
                ),
                "themes": ["victims-and-survivors"],
                "target_date": date(2026, 6, 30),
                "response": "accepted",
                "actions": [("gmp", "submitted"), ("nhs-gm", "extended:green", date(2027, 3, 31))],
                "description": {
                    "gmp": "Agree a direct referral route into specialist therapeutic services and train officers.",
                    "nhs-gm": (
                        "Commission specialist therapeutic support with the same offer in all ten localities "
                        "and a referral route from the police."
                    ),
                },
                "steps": [
                    "Current referral routes and waiting times mapped across the ten localities.",
                    "Referral route agreed; service specification drafted.",
                    "Referral route live and service available in every locality.",
                ],
                "risk": "Procurement of the specialist service is taking longer than planned.",
                "evidence": [
                    (
                        "Therapeutic-support-referral-route.txt",
                        "text/plain",
                        "{agency}: referral route to specialist therapeutic support\nLive from {date}.\n\n"
                        "Localities covered: 10\nStaff briefed: {n0}{n1}\n",
                    ),
                ],
            },
            {
                "reference": "R3",
                "kind": "recommendation",
                "wording": (
                    "The Combined Authority should involve victims and survivors in overseeing the partnership's "
                    "response, through a panel or other safe arrangement that they help to design."
                ),
                "themes": ["victims-and-survivors", "voice-of-children-and-families"],
                "target_date": date(2026, 9, 30),
                "response": "accepted",
                "actions": [("gmca", "submitted")],
                "description": (
                    "Co-design a victims and survivors advisory panel with specialist charities and report its "
                    "advice to the Deputy Mayor."
                ),
                "steps": [
                    "Specialist charities engaged to co-design the arrangement.",
                    "Panel terms of reference agreed with members; support arrangements in place.",
                    "Panel meeting regularly and its advice reported to the Deputy Mayor.",
                ],
                "risk": "Members' wellbeing must set the pace of the panel's start.",
                "evidence": [
                    (
                        "Advisory-panel-terms-of-reference.txt",
                        "text/plain",
                        "Victims and survivors advisory panel: terms of reference\nAgreed {date}.\n\n"
                        "Meetings per year: 6\nSupport: independent facilitator and wellbeing support\n",
                    ),
                ],
            },
        ],
    },
]
