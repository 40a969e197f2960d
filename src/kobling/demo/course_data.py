"""The hand-written part of the course demo: programme templates, cohorts, the Salesforce pilot's
fates (seed 001), jobs, meeting minutes and activity-plan items. Every company and person is invented.
"""

from decimal import Decimal

# Phases per programme slug (names as the coordinator would type them, in bokmål).
PHASES = {
    "salesforce-pilot": ["Inntak", "Kurs", "Sertifisering", "Jobbsøk"],
    "security-pilot": ["Inntak", "Kurs", "Sertifisering", "Jobbsøk"],
    "it-i-praksis": ["Bli kjent", "Kompetanse", "Arbeidspraksis", "Jobbsøk"],
    "arbeidspraksis-it": ["Forberedelse", "Arbeidspraksis", "Jobbsøk"],
    "fagmentor": ["Kobling", "Koblingsmøte", "Mentorperiode", "Avslutning"],
    "kode-og-nettverk": ["Inntak", "Kurs", "Nettverk", "Jobbsøk"],
}
INTAKE_CRITERIA = {
    "salesforce-pilot": "18–30 år, utenfor arbeid og skole, henvist av NAV. Dokumentert IT-interesse eller "
    "-utdanning, grunnleggende IT og programmering, utholdenhet når det blir krevende, evne til å lære, "
    "norsk og engelsk.",
    "security-pilot": "18–30 år, henvist av NAV. Dokumentert IT-interesse, grunnleggende nettverk og "
    "Windows, engelsk på B1-nivå. Rekrutteringsdag med hurtigintervjuer.",
    "it-i-praksis": "18–58 år, henvist av NAV. Interesse for IT og vilje til å lære i en bedrift.",
}
# name, vendor, exam code, fee in NOK (first attempt), fee for a retake. Salesforce charges USD 200
# and USD 100 for a retake; Microsoft's role-based exams cost more than its fundamentals exams.
CERTIFICATIONS = {
    "salesforce-pilot": [
        ("Salesforce Certified Platform Administrator", "Salesforce", "ADM-201", 2200, 1100),
        ("Salesforce Certified Platform App Builder", "Salesforce", "CRT-403", 2200, 1100),
        ("Salesforce Certified Platform Developer I", "Salesforce", "CRT-450", 2200, 1100),
    ],
    "security-pilot": [
        (
            "Microsoft Certified: Security, Compliance, and Identity Fundamentals",
            "Microsoft",
            "SC-900",
            1100,
            1100,
        ),
        ("Microsoft Certified: Security Operations Analyst Associate", "Microsoft", "SC-200", 1800, 1800),
        ("Microsoft Certified: Azure Security Engineer Associate", "Microsoft", "AZ-500", 1800, 1800),
    ],
}
# The share of an exam fee NAV pays, drawn per person.
NAV_SHARES = [Decimal("1"), Decimal("0.5"), Decimal("0.5"), Decimal("0.75")]

# The Salesforce pilot: four start dates. (name, days before the demo's today, weeks, seats, location)
SALESFORCE_COHORTS = [
    ("Kull 1", 700, 20, 8, "Fjordkompetanse Oslo, kurssal 2"),
    ("Kull 2", 595, 20, 8, "Fjordkompetanse Oslo, kurssal 2"),
    ("Kull 3", 490, 22, 8, "Fjordkompetanse Oslo, kurssal 1"),
    ("Kull 4", 385, 22, 8, "Fjordkompetanse Oslo, kurssal 1"),
]
# What became of each cohort's people: "it" and "other" are jobs, the rest dropout reasons. Together
# they repeat seed 001's table: 11 IT jobs, 8 other jobs, 11 dropped out, of 30.
SALESFORCE_FATES = [
    ["it", "it", "other", "other", "leave", "motivation", "health", "other_reason"],
    ["it", "it", "it", "other", "other", "motivation", "health", "leave"],
    ["it", "it", "it", "other", "other", "health", "motivation"],
    ["it", "it", "it", "other", "other", "leave", "motivation"],
]
# Candidates per cohort who were screened but did not start: (steps after the interview, reason, text)
SALESFORCE_DECLINED = [
    [("not_relevant", "requirements", ""), ("not_relevant", "other", "Takket nei til plassen")],
    [("not_relevant", "course_full", ""), ("waiting_start/not_relevant", "no_show", "")],
    [("not_relevant", "requirements", "")],
    [("not_relevant", "other_support", ""), ("not_relevant", "requirements", "")],
]
DROPOUT_NOTES = {
    "leave": ["Foreldrepermisjon fra neste uke.", "Permisjon for å ta seg av et familiemedlem."],
    "motivation": [
        "Mistet motivasjonen etter første eksamen.",
        "Ønsker likevel ikke å jobbe med IT.",
        "Mye fravær; ønsket å avslutte.",
    ],
    "health": ["Langvarig sykdom; NAV følger opp videre.", "Sykmeldt; kan ikke fullføre kullet."],
    "other": ["Flyttet til en annen kommune.", "Fikk plass på et annet tiltak hos NAV."],
}
# IT jobs (STYRK-08 2511–2529, 3511–3514) at the demo employers, and other jobs.
IT_JOBS = [
    ("2514", "lysloype-programvare", "Junior Salesforce-utvikler"),
    ("2511", "trollkode", "Junior Salesforce-konsulent"),
    ("3512", "havbris-forsikring", "Brukerstøtte for Salesforce i kundeservice"),
    ("2511", "bolgedata", "CRM-konsulent"),
    ("3512", "viddelogistikk", "Brukerstøtte, IKT"),
    ("2514", "mjosdigital", "Applikasjonsutvikler"),
    ("2521", "granittregnskap", "CRM-administrator"),
    ("3511", "kystlinje-kraft", "Driftstekniker"),
    ("2519", "nordlysnett", "Utvikler, integrasjoner"),
    ("2511", "trollkode", "Salesforce-administrator"),
    ("3512", "fjellsikker-it", "Servicedesk, førstelinje"),
]
OTHER_JOBS = [
    ("4222", "havbris-forsikring", "", "Kundesenter"),
    ("5223", "", "Brattli Elektro AS", "Butikkmedarbeider"),
    ("4321", "viddelogistikk", "", "Lager"),
    ("4110", "granittregnskap", "", "Kontormedarbeider"),
    ("4222", "kystlinje-kraft", "", "Kundeservice"),
    ("5223", "", "Solsiden Sport AS", "Butikkmedarbeider, deltid til fast"),
    ("4311", "granittregnskap", "", "Regnskapsmedarbeider"),
    ("8322", "viddelogistikk", "", "Varebilsjåfør"),
]
# The in-house programme's (seed 000) jobs: support help desk, operations, specialist, hired in-house.
INHOUSE_JOBS = [
    ("3512", "bolgedata", "", "Brukerstøtte"),
    ("3511", "fjellsikker-it", "", "Drift"),
    ("2529", "fjellsikker-it", "", "Spesialist, sikkerhet"),
    ("3512", "", "Fjordkompetanse AS", "Ansatt internt i brukerstøtten"),
    ("3513", "nordlysnett", "", "Drift, nettverk"),
    ("2522", "mjosdigital", "", "Systemadministrator"),
    ("4222", "havbris-forsikring", "", "Kundesenter"),
    ("3512", "trollkode", "", "Brukerstøtte, førstelinje"),
    ("3514", "lysloype-programvare", "", "Webansvarlig"),
    ("3512", "", "Lyngbakken Regnskap AS", "IT-ansvarlig i en liten bedrift"),
    ("3511", "bolgedata", "", "Driftstekniker"),
    ("4321", "viddelogistikk", "", "Lagermedarbeider"),
    ("2523", "fjellsikker-it", "", "Nettverkstekniker"),
    ("3512", "granittregnskap", "", "Brukerstøtte"),
    ("3513", "kystlinje-kraft", "", "Drift, nettverk og telefoni"),
    ("4110", "", "Fjordkompetanse AS", "Kontormedarbeider"),
    ("3512", "havbris-forsikring", "", "Servicedesk"),
]
SUPERVISOR_ROLES = ["driftsleder", "teamleder brukerstøtte", "IT-sjef", "avdelingsleder", "seniorkonsulent"]
PLACES = ["Fjordkompetanse, møterom Fløyen", "NAV Lillestrand, samtalerom 3", "Teams-møte"]

MINUTES = {
    "status": [
        "Oppmøtet er godt ({rate}). {name} jobber jevnt med modulene og hjelper andre i gruppa. "
        "Neste mål: {cert}. Avtalt: øve på prøveeksamen to ganger i uka.",
        "Vi gikk gjennom framdrift og fravær ({rate}). {name} synes tempoet er høyt, men henger med. "
        "Avtalt: ekstra veiledning fra instruktør torsdager.",
        "{name} er i rute mot {cert}. CV-en er påbegynt. NAV bekrefter at reisestøtten er innvilget.",
    ],
    "dialogue": [
        "Dialogmøte med NAV. Økonomien er avklart (tiltakspenger og reisestøtte). {name} ønsker seg mot "
        "{path}. Neste steg: CV og intervjutrening før rekrutteringsdagen.",
        "Vi snakket om veien videre etter kurset. NAV dekker del av eksamensavgiften for {cert}. "
        "{name} søker på stillinger sammen med jobbkonsulenten.",
        "Oppfølging av aktivitetsplanen. {name} har fullført det som var avtalt. Vi avtaler nytt møte "
        "om fire uker.",
    ],
}
AGENDA = {
    "status": "Framdrift, oppmøte og eksamensplan.",
    "dialogue": "Aktivitetsplan, økonomi og veien videre.",
}
PATH_WORDS = {"support": "brukerstøtte", "operations": "drift", "development": "utvikling"}

# Activity plan: (kind, title, state, agreed with NAV). `cert` is the next certification's short name.
PLAN_ITEMS = [
    ("goal", "Komme i jobb innen IT i løpet av et år", "in_progress", True),
    ("activity", "Bestå {cert}", "in_progress", True),
    ("activity", "Oppdatere CV med kurs og sertifiseringer", "planned", True),
    ("activity", "Søke reisestøtte hos NAV", "completed", True),
    ("activity", "Intervjutrening med jobbkonsulenten", "planned", False),
]
PROPOSALS = [
    ("activity", "Søke på tre stillinger innen IT-sikkerhet", ""),
    ("activity", "Delta på rekrutteringsdagen med hurtigintervjuer", "Vil gjerne ha veilederen med."),
    ("activity", "Norskkurs på kveldstid for å nå C1", ""),
    ("activity", "Hospitere en dag hos en samarbeidsbedrift", ""),
]
INHOUSE_ITEMS = [
    ("goal", "Fast jobb innen {path}", "in_progress", True),
    ("activity", "Mestre oppgavene i bli-kjent-fasen: klargjøre PC-er, brukerkontoer og tilganger", "", True),
    ("activity", "Kurs og verksteder i kompetansefasen", "", True),
    ("activity", "Arbeidspraksis hos en samarbeidsbedrift", "", True),
    ("activity", "Møte rekrutteringsselskapet og bli presentert for arbeidsgivere", "", False),
]
