"""Demo content for ``manage.py load_demo``: plain data, no database access.

The reports are the published record as the project's fact sheet (FACTS.md, whose
section numbers the comments below cite) gives it: titles, publishers, authors, dates,
addresses, grades and findings, each with its source there. Where the fact sheet could
not confirm something it is not invented: the summary says so, a descriptive title says
it is one, and every recommendation whose published wording is not known is
``is_illustrative`` (shown as "Illustrative: not the published wording"). The December
2024 inspection's five points and the letter's three points are published points in the
tracker's own words, so they are not marked illustrative. The partners' progress
(actions, updates, evidence, plans and milestones, impact measures and their values, and
how children's and families' views shaped the work) is invented for the demo. Recommendations, actions and
updates are about systems and practice only: nothing here describes a child, a victim
or a case.
People are fictional and every e-mail address is at example.org.

Dates are fixed (``TODAY`` is the demo's "now") so that the data is the same on
every machine and every run.
"""

from datetime import date
from decimal import Decimal

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

# (slug, name, short name, kind): the names the sources use (FACTS.md §7). Slugs and
# short names are the demo accounts' and the tests' keys: keep them.
AGENCIES = [
    ("gmca", "Greater Manchester Combined Authority", "GMCA", "combined_authority"),
    ("bolton", "Bolton Council", "Bolton", "local_authority"),
    # Bury's official name is not confirmed in the fact sheet (FACTS.md §7): kept as "Bury Council".
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
    # GMCA's name for it (FACTS.md §7); the statutory name is not confirmed.
    ("nhs-gm", "Greater Manchester Integrated Care Board (NHS GM ICB)", "NHS GM", "health"),
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
        # FACTS.md §1.
        "slug": "gmp-national-child-protection-inspection-2024",
        "short_name": "GMP child protection inspection 2024",
        "title": "Greater Manchester – National child protection inspection",
        "inspectorate": "hmicfrs",
        "kind": "inspection_report",
        "programme": "National child protection inspections",
        "authors": "",
        "published_on": date(2024, 12, 13),
        # FACTS.md §6: the Mayor's comments are due within 56 days, about 6 February 2025.
        # Whether and when they were published is unconfirmed: the date met is invented.
        "statutory_response_met_on": date(2025, 2, 4),
        "source_url": (
            "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
            "greater-manchester-national-child-protection-inspection-december-2024/"
        ),
        "summary": (
            "HMICFRS's inspection of how well Greater Manchester Police protects children, brought forward "
            "from 2025 at the Mayor's request and published the same morning as HMICFRS's letter on the peer "
            "review process. Five areas were graded: the force was good in two and adequate in three. Press "
            "reports name working with safeguarding partners as good, and responding to children at risk of "
            "harm, assessing risk and making referrals, and investigating abuse, neglect and exploitation as "
            "adequate; the second good grade is shown against leadership because the press describes good "
            "leadership of the force's child protection arrangements. The area headings are the tracker's: "
            "HMICFRS's own judgement table was not seen. The inspection found that chief officers understand "
            "and carry out their statutory duties, the force contributes well to multi-agency child "
            "protection arrangements, has enough skilled staff, and most staff identify, assess and refer "
            "vulnerable children properly. The five points for improvement recorded here are the published "
            "points in the tracker's own words. Whether each is a formal area for improvement or a "
            "recommendation, how many there are in all, and any deadline were not confirmed; the tracker "
            "numbers them P1 to P5 in its own order and links each to the graded area it concerns."
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
                "reference": "P1",
                "kind": "area_for_improvement",
                "is_illustrative": False,
                "wording": (
                    "The force should make sure its officers and staff understand the well-being support on offer to "
                    "them and how to use it."
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
                        "Child sexual exploitation major investigation team,yes,{n2}\nOnline investigations,yes,{n3}\n",
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
                "reference": "P2",
                "kind": "area_for_improvement",
                "is_illustrative": False,
                "wording": (
                    "The force should record information about children better, including their demographic details and "
                    "the links between individuals on its intelligence system, so that risk can be assessed more "
                    "effectively."
                ),
                "themes": ["recording-and-demographic-data"],
                "area": "Assessing risk and making referrals",
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
            {
                "reference": "P3",
                "kind": "area_for_improvement",
                "is_illustrative": False,
                "wording": (
                    "The force should make sure staff spot all risks to children and act quickly, so that "
                    "concerns are not missed and supervisors step in without delay."
                ),
                "themes": ["training-and-specialist-capacity"],
                "area": "Responding to children at risk of harm (initial response)",
                "target_date": date(2026, 6, 30),
                "response": "accepted",
                "actions": [("gmp", "extended:green", date(2027, 1, 29))],
                "description": (
                    "Refresh risk identification guidance for officers and call handlers, add a supervisory "
                    "review point to child protection referrals, and audit a monthly sample of cases."
                ),
                "steps": [
                    "Audit of a sample of child protection referrals completed; missed-risk themes listed.",
                    "Risk identification guidance refreshed and a supervisory review point added to referrals; "
                    "monthly audit running.",
                    "Guidance briefed to every response and public protection team; audits show supervisors "
                    "reviewing referrals within the agreed time.",
                ],
                "risk": "The supervisory review point needs a change to the recording system.",
                "evidence": [
                    (
                        "Risk-identification-audit-summary.csv",
                        "text/csv",
                        "month,referrals_sampled,supervisory_review_in_time_percent\n"
                        "Month 1,{n0}{n1},7{n2}\nMonth 2,{n3}{n4},8{n5}\nMonth 3,{n6}{n7},9{n8}\n",
                    ),
                ],
            },
            {
                "reference": "P4",
                "kind": "area_for_improvement",
                "is_illustrative": False,
                "wording": "The force should improve how it investigates online child exploitation.",
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
                "reference": "P5",
                "kind": "area_for_improvement",
                "is_illustrative": False,
                "wording": (
                    "The force should make sure enough trained officers and staff are available to record children's "
                    "evidence."
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
        ],
    },
    {
        # FACTS.md §2.
        "slug": "gm-complex-safeguarding-peer-review-interim-findings-2024",
        "short_name": "Peer review letter 2024",
        "title": (
            "Update on our inspection of Greater Manchester Police and its safeguarding partners' approach to "
            "child criminal and sexual exploitation"
        ),
        "inspectorate": "hmicfrs",
        "kind": "letter",
        "programme": "CSE Assurance Review Part Four",
        "authors": (
            "Michelle Skeer OBE QPM, HM Inspector of Constabulary and HM Inspector of Fire & Rescue Services"
        ),
        "published_on": date(2024, 12, 13),
        "source_url": (
            "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
            "update-on-inspection-of-greater-manchester-police-safeguarding-partners-approach-to-"
            "child-criminal-and-sexual-exploitation/"
        ),
        "summary": (
            "A letter from Michelle Skeer, HM Inspector of Constabulary, to Andy Burnham, Mayor of Greater "
            "Manchester, reporting progress on the inspection the Mayor commissioned and updating on the "
            "national child protection inspection. It attached the terms of reference and expected the final "
            "report in June 2025. According to GMCA's summary, HMICFRS called the complex safeguarding peer "
            'review process a "unique regional multi-agency collaboration" of GMCA, the ten councils, '
            "Greater Manchester Police and the Greater Manchester Integrated Care Board, and said it could be "
            "strengthened in three ways. A letter makes no formal recommendations or areas for improvement: "
            "the three points for strengthening recorded here are those GMCA's press release of 13 December "
            "2024 summarises, in the tracker's own words. The letter's own wording was not retrieved."
        ),
        "agencies": list(ALL_PARTNERS),
        "recommendations": [
            {
                "reference": "PS 1",
                "kind": "point_for_strengthening",
                "is_illustrative": False,
                "wording": (
                    "Strengthen the peer review process by including contributions from children, parents and carers."
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
                "reference": "PS 2",
                "kind": "point_for_strengthening",
                "is_illustrative": False,
                "wording": (
                    "Strengthen the peer review process by expanding the partnership to areas such as education."
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
                "reference": "PS 3",
                "kind": "point_for_strengthening",
                "is_illustrative": False,
                "wording": (
                    "Strengthen the peer review process by making its tools and processes consistent across the "
                    "organisations taking part."
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
        # FACTS.md §5, Part One.
        "slug": "cse-assurance-review-part-one",
        "short_name": "CSE review Part One",
        "title": "An assurance review of Operation Augusta",
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part One",
        "authors": "Malcolm Newsam CBE and Gary Ridgway",
        "published_on": date(2020, 1, 14),
        "source_url": "https://www.greatermanchester-ca.gov.uk/news/child-sexual-exploitation-in-greater-manchester/",
        "summary": (
            "The first part of the Mayor's CSE Assurance Review looked at Operation Augusta, a police "
            "operation into non-recent child sexual exploitation in Manchester. In a sample of 25 children it "
            "found 16 were probably being exploited, with only eight criminal justice outcomes; the operation "
            "had been resourced poorly and was closed because resources were withdrawn, not because its "
            "enquiries were finished. Greater Manchester Police then opened Operation Green Jacket. The "
            "number, addressees and wording of the report's recommendations were not confirmed: the "
            "recommendations shown here are illustrative, written for the demo, and are marked so."
        ),
        "agencies": ["manchester", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "is_illustrative": True,
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
                "is_illustrative": True,
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
        # FACTS.md §5, Part Two.
        "slug": "cse-assurance-review-part-two",
        "short_name": "CSE review Part Two",
        "title": "The review into historic safeguarding practices in Oldham",
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Two",
        "authors": "Malcolm Newsam CBE and Gary Ridgway",
        "published_on": date(2022, 6, 20),
        "source_url": "https://greatermanchester-ca.gov.uk/news/the-review-into-historic-safeguarding-practices-in-oldham/",
        "summary": (
            "The second part of the review, commissioned in November 2019 at the request of Oldham Council "
            "and the Oldham Safeguarding Partnership, looked at how agencies in Oldham responded to child "
            "sexual exploitation in earlier years. It found serious failings and a structural flaw in the "
            "multi-agency system, no evidence of a cover-up, and no evidence of widespread exploitation in "
            "children's homes, shisha bars or taxis. The title is as GMCA's announcement gives it; the "
            "report's cover title was not confirmed. Its recommendations were not confirmed either: those "
            "shown here are illustrative, written for the demo, and are marked so."
        ),
        "agencies": ["oldham", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "is_illustrative": True,
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
                "is_illustrative": True,
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
        # FACTS.md §5, Part Three.
        "slug": "cse-assurance-review-part-three",
        "short_name": "CSE review Part Three",
        "title": (
            "The review into Operation Span and the investigation of non-recent child sexual exploitation in "
            "Rochdale"
        ),
        "inspectorate": "independent-review-team",
        "kind": "review_report",
        "programme": "CSE Assurance Review Part Three",
        "authors": (
            "Malcolm Newsam CBE and Gary Ridgway (Imprana Ltd and GKR Partnerships Ltd), for the Police and "
            "Crime Commissioner for Greater Manchester"
        ),
        "published_on": date(2024, 1, 15),
        "source_url": "https://scribd.com/document/699088088/Operation-Span-Report-January-2024-v3",
        "summary": (
            "The third part of the review, dated January 2024 and 173 pages long, looked at Operation Span "
            "and the investigation of non-recent child sexual exploitation in Rochdale. Of 111 children "
            "reviewed it found 74 were probably being exploited and 48 were seriously failed, and it named 96 "
            "men as a potential risk to children; Greater Manchester Police later said it had taken action in "
            "every possible case. The source link is a copy of the report itself; the Mayor's response is on "
            "GMCA's website. The report's recommendations were not confirmed: those shown here are "
            "illustrative, written for the demo, and are marked so."
        ),
        "agencies": ["rochdale", "gmp"],
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "is_illustrative": True,
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
                "is_illustrative": True,
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
        # FACTS.md §3.
        "slug": "cse-assurance-review-part-four",
        "short_name": "CSE review Part Four",
        "title": (
            "Inspection of Greater Manchester Police and its safeguarding partners' approach to investigating "
            "allegations of child criminal and sexual exploitation"
        ),
        "inspectorate": "hmicfrs",
        "kind": "inspection_report",
        "programme": "CSE Assurance Review Part Four",
        "authors": "HMICFRS, supported by Ofsted and the Care Quality Commission",
        "published_on": date(2025, 7, 3),
        # FACTS.md §6: about 27 August 2025 by the same count; whether section 55 applies to
        # a commissioned report, and whether a response was published, are unconfirmed.
        "statutory_response_met_on": date(2025, 8, 21),
        "source_url": (
            "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
            "greater-manchester-police-and-safeguarding-partners-approach-to-investigating-child-criminal-"
            "and-sexual-exploitation/"
        ),
        "summary": (
            "The fourth and final part of the Mayor's CSE Assurance Review, commissioned on 10 July 2024 and "
            "led by HMICFRS with Ofsted and CQC: one combined report of 76 pages. It asked how effective the "
            "Greater Manchester complex safeguarding peer review process is; how effective Greater Manchester "
            "Police's investigative strategies were in Operations Bernese, Green Jacket, Sherwood and Exmoor; "
            "and how well the force has responded to the 74 victims and survivors identified by the earlier "
            "review team. It found significant improvements at the force, good leadership and governance, and "
            "a strong multi-agency approach; training gaps in the CSE major investigation team; problems "
            "sharing data between the police and councils; and a peer review programme that largely meets its "
            "objectives but is limited by different case-file audit tools in social care, health and the "
            "police. The publication date is the one the press reports; HMICFRS's own date line was not seen. "
            "The report's recommendations and areas for improvement were not confirmed: those shown here are "
            "illustrative, written for the demo from the published findings, and are marked so."
        ),
        "agencies": list(ALL_PARTNERS),
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "is_illustrative": True,
                "wording": (
                    "Greater Manchester Police should close the training gap in its CSE major investigation team, "
                    "so that every investigator in the team has completed the specialist training for the role."
                ),
                "themes": ["training-and-specialist-capacity"],
                "target_date": date(2026, 3, 31),
                "response": "accepted",
                "actions": [("gmp", "returned")],
                "description": (
                    "Complete specialist child sexual exploitation investigation training for every member of "
                    "the major investigation team and make it part of the team's induction."
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
                            "{agency}: CSE major investigation team induction procedure (extract), {date}\n\n"
                            "New investigators complete the specialist course before being allocated "
                            "investigations. Course places are held for new starters each quarter.\n",
                        ),
                    ],
                },
            },
            {
                "reference": "R2",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "is_illustrative": True,
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
                "is_illustrative": True,
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
                "is_illustrative": True,
                "wording": (
                    "Greater Manchester Police should make its recent improvements last by building them into "
                    "its standard procedures and checking them through its own audit programme."
                ),
                "themes": ["consistent-tools-and-processes"],
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
            {
                "reference": "R6",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "reference": "R7",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "reference": "R8",
                "kind": "recommendation",
                "is_illustrative": True,
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
            {
                "reference": "R9",
                "kind": "recommendation",
                "is_illustrative": True,
                "wording": (
                    "Greater Manchester Police should build the learning from Operations Bernese, Green Jacket, "
                    "Sherwood and Exmoor into its training and guidance for complex exploitation investigations."
                ),
                "themes": ["training-and-specialist-capacity"],
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
                "reference": "R10",
                "kind": "recommendation",
                "is_illustrative": True,
                "wording": (
                    "Greater Manchester Police should have a plan to resource large, long-running exploitation "
                    "investigations without drawing staff away from other child protection work."
                ),
                "themes": ["training-and-specialist-capacity"],
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
            {
                "reference": "R11",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "reference": "R12",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "reference": "R13",
                "kind": "recommendation",
                "is_illustrative": True,
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
    {
        # FACTS.md §4.
        "slug": "ofsted-child-exploitation-overview-ten-councils-2025",
        "short_name": "Ofsted exploitation overview 2025",
        "title": (
            "Ofsted overview of children's services in the ten Greater Manchester councils (descriptive title)"
        ),
        "inspectorate": "ofsted",
        "kind": "overview",
        "programme": "CSE Assurance Review Part Four",
        "authors": "",
        "published_on": date(2025, 7, 3),
        "source_url": (
            "https://www.notreallyheremedia.com/news/tameside-reporter/tameside-criticised-in-cse-report"
        ),
        "summary": (
            "Ofsted's overview of children's services in all ten Greater Manchester councils, released "
            "alongside HMICFRS's final report and drawing on inspection evidence about leadership, prevention "
            "and how exploitation is handled. Some councils have strong, established leadership and lasting "
            "progress is being made where improvement was needed; in Tameside progress has been too slow, "
            "though a new director of children's services has sharpened the focus. The overview's published "
            "title, address and exact date were not confirmed: the title here is descriptive, and the source "
            "link is the Tameside Reporter's account of it. Its recommendations were not confirmed either: "
            "those shown here are illustrative, written for the demo, and are marked so."
        ),
        "agencies": list(COUNCILS),
        "recommendations": [
            {
                "reference": "R1",
                "kind": "recommendation",
                "is_illustrative": True,
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
                "is_illustrative": True,
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
]


# Beyond the planned timelines: some actions' own plans (dated milestones, each marked
# done on the day it was done), what would show they made a difference (a measure, its
# baseline, target and unit, and values recorded over time), whether and how children's
# and families' views shaped them, and the assurance team's "impact evidenced" some
# days after assuring. Keyed "report slug/reference/agency slug". All invented for the
# demo, about systems and practice only.
PLANNED, VALUES, VOICE, IMPACT_AFTER = "planned", "values", "voice", "impact_after_assured"
ACTION_EXTRAS = {
    "cse-assurance-review-part-four/R2/manchester": {
        PLANNED: date(2025, 8, 28),
        "milestones": [
            ("Information governance review of the draft agreement", date(2025, 9, 30), date(2025, 9, 22)),
            ("Data protection officer approves the agreement", date(2025, 12, 19), date(2026, 1, 16)),
            ("Exploitation data fields mapped to the common standard", date(2026, 4, 30), date(2026, 5, 14)),
            ("Agreement signed by the council and Greater Manchester Police", date(2026, 9, 30), None),
            ("First monthly data exchange to the common standard", date(2026, 12, 18), None),
        ],
        "measure": (
            "Share of monthly exploitation data returns received from every partner on time and to the "
            "common standard",
            Decimal("0"),
            Decimal("90"),
            "%",
        ),
    },
    "cse-assurance-review-part-four/R2/tameside": {
        PLANNED: date(2025, 9, 15),
        "milestones": [
            ("Information governance review of the draft agreement", date(2025, 10, 31), date(2025, 12, 5)),
            ("Data protection officer approves the agreement", date(2026, 2, 27), None),
            ("Exploitation data fields mapped to the common standard", date(2026, 6, 30), None),
        ],
    },
    "cse-assurance-review-part-four/R2/oldham": {
        PLANNED: date(2025, 9, 10),
        "milestones": [
            ("Information governance review of the draft agreement", date(2025, 10, 15), date(2025, 10, 10)),
            ("Data protection officer approves the agreement", date(2026, 3, 31), date(2026, 4, 2)),
            ("Agreement signed and data fields mapped", date(2026, 12, 11), None),
        ],
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R1/salford": {
        PLANNED: date(2025, 9, 1),
        "milestones": [
            ("Education safeguarding leads consulted", date(2025, 10, 17), date(2025, 10, 9)),
            (
                "A named exploitation contact in every secondary school and college",
                date(2026, 2, 27),
                date(2026, 3, 6),
            ),
            (
                "Schools and colleges represented on the local exploitation panel",
                date(2026, 6, 30),
                date(2026, 7, 8),
            ),
            ("Termly exploitation briefings running for every school", date(2026, 12, 18), None),
        ],
        "measure": (
            "Secondary schools and colleges that attended at least one exploitation panel or briefing "
            "in the term",
            Decimal("9"),
            Decimal("24"),
            "schools and colleges",
        ),
        VALUES: [
            (date(2026, 4, 16), Decimal("14"), "Spring term attendance register of the panel and briefings."),
            (date(2026, 7, 20), Decimal("19"), "Summer term attendance register."),
        ],
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R2/manchester": {
        PLANNED: date(2025, 8, 14),
        "measure": (
            "Share of audited exploitation plans whose child's-views section records the child's own words "
            "and what changed because of them",
            Decimal("38"),
            Decimal("80"),
            "%",
        ),
        VALUES: [
            (
                date(2025, 11, 20),
                Decimal("46"),
                "First quarterly audit of 50 plans, after the new template went live.",
            ),
            (date(2026, 3, 19), Decimal("63"), "Second audit of 50 plans."),
            (date(2026, 7, 16), Decimal("74"), "Third audit of 50 plans."),
            (
                date(2026, 10, 15),
                Decimal("83"),
                "Fourth audit of 50 plans; moderated by the practice standards team.",
            ),
        ],
        VOICE: (
            date(2025, 9, 25),
            "children",
            "Young advisers from the children in care council tested the new plan template and asked for a "
            "section written in the child's own words, with what the plan changes because of them. Both were "
            "added before the template went live.",
        ),
        IMPACT_AFTER: (
            30,
            "The fourth quarterly audit found 83% of plans recorded the child's own words and what changed, "
            "against a baseline of 38% and a target of 80%, for the second quarter running above 70%.",
        ),
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R2/stockport": {
        VOICE: (
            date(2025, 10, 2),
            "families",
            "A parents' and carers' forum reviewed the quarterly feedback report and asked for a 'you said, we "
            "did' page, which the report now has.",
        ),
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R2/rochdale": {
        VOICE: (
            date(2025, 9, 30),
            "co_produced",
            "The child's-views section and its guidance were written with a group of young people from the "
            "participation service, who also trained the first practitioners to use it.",
        ),
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R2/tameside": {
        PLANNED: date(2025, 9, 22),
        "milestones": [
            ("Plan template reviewed with young advisers", date(2025, 10, 31), date(2025, 11, 14)),
            ("Child's-views section live in the case recording system", date(2026, 3, 31), date(2026, 4, 20)),
            ("First audit of how the section is used", date(2026, 10, 30), None),
        ],
        VOICE: (
            date(2025, 11, 14),
            "children",
            "Six young advisers reviewed the plan template; their wording for the child's-views prompts was "
            "used unchanged.",
        ),
    },
    "ofsted-child-exploitation-overview-ten-councils-2025/R2/wigan": {
        VOICE: (date(2025, 10, 20), "none", ""),
    },
    "cse-assurance-review-part-four/R6/gmca": {
        VOICE: (
            date(2025, 9, 8),
            "represented",
            "Advocacy services and a survivors' reference group shaped the questions the feedback stage asks, "
            "and how families are supported to take part.",
        ),
    },
    "cse-assurance-review-part-four/R13/gmca": {
        VOICE: (
            date(2025, 9, 18),
            "co_produced",
            "The approach was designed with a survivors' reference group, who chose the three questions the "
            "partnership reports on each year.",
        ),
    },
    "cse-assurance-review-part-four/R8/manchester": {
        PLANNED: date(2025, 8, 20),
        "measure": (
            "Trained peer reviewers on the rota who took part in a review round in the last six months",
            Decimal("2"),
            Decimal("6"),
            "reviewers",
        ),
        VALUES: [
            (date(2026, 1, 22), Decimal("3"), "Rota after the winter review round."),
            (date(2026, 5, 21), Decimal("6"), "Rota after the spring review round."),
        ],
    },
}
