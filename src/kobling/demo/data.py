"""The fixed, hand-written part of the demo: organisations, people, programmes and word pools.

Every organisation and person here is invented. Names of places and offices are chosen so that
they do not match a real NAV office or company (NAV offices are named after real municipalities
and districts, so the demo uses place names that are not municipalities).
"""

from kobling.core.roles import Role

PASSWORD = "kobling-demo-2026"  # the password validators want at least 10 characters
SEED = 2026
DOMAIN = "kobling.example"  # .example is reserved (RFC 2606): no demo e-mail can reach anyone

ADMIN_EMAIL = f"admin@{DOMAIN}"

TRAINING_COMPANY = "fjordkompetanse"
MENTOR_NGO = "veiviserne"

# slug, name, kind, county code, municipality
PROVIDERS = [
    (TRAINING_COMPANY, "Fjordkompetanse AS", "provider", "46", "Bergen"),
    (MENTOR_NGO, "Veiviserne mentornettverk", "provider", "03", "Oslo"),
]
NAV_OFFICES = [
    ("nav-lillestrand", "NAV Lillestrand", "nav_office", "03", "Oslo"),
    ("nav-fjordvang", "NAV Fjordvang", "nav_office", "46", "Bergen"),
    ("nav-midtmyra", "NAV Midtmyra", "nav_office", "50", "Trondheim"),
]
# The NAV office in Innlandet (a place name that is no municipality) that organises the Ta sjansen
# events: the upcoming one (events.py) and the past series (recruitment.py).
EVENTS_ORGANISER = ("nav-mjosstrand", "NAV Mjøsstrand", "nav_office", "34", "Lillehammer")
EMPLOYERS = [
    ("bolgedata", "Bølgedata AS", "employer", "46", "Bergen"),
    ("trollkode", "Trollkode AS", "employer", "03", "Oslo"),
    ("fjellsikker-it", "Fjellsikker IT AS", "employer", "50", "Trondheim"),
    ("havbris-forsikring", "Havbris Forsikring AS", "employer", "46", "Bergen"),
    ("granittregnskap", "Granittregnskap AS", "employer", "34", "Hamar"),
    ("viddelogistikk", "Viddelogistikk AS", "employer", "32", "Lillestrøm"),
    ("mjosdigital", "Mjøsdigital AS", "employer", "34", "Gjøvik"),
    ("kystlinje-kraft", "Kystlinje Kraft AS", "employer", "11", "Stavanger"),
    ("lysloype-programvare", "Lysløype Programvare AS", "employer", "03", "Oslo"),
    ("nordlysnett", "Nordlysnett AS", "employer", "55", "Tromsø"),
]

# key, e-mail, full name, [(role, organisation slug or None)]; the first of each role is the one
# printed as that role's login.
STAFF = [
    ("admin", ADMIN_EMAIL, "Ada Lunde", [(Role.PLATFORM_ADMIN, None)]),
    ("coordinator", f"koordinator@{DOMAIN}", "Marte Haugland", [(Role.COORDINATOR, TRAINING_COMPANY)]),
    (
        "ngo_coordinator",
        f"koordinator.veiviserne@{DOMAIN}",
        "Samira Haddad",
        [(Role.COORDINATOR, MENTOR_NGO)],
    ),
    ("instructor", f"instruktor@{DOMAIN}", "Eirik Vassbotn", [(Role.STAFF, TRAINING_COMPANY)]),
    ("advisor", f"veileder@{DOMAIN}", "Jonas Bakke", [(Role.NAV_ADVISOR, "nav-lillestrand")]),
    ("advisor_oslo", f"hanne.rodseth@{DOMAIN}", "Hanne Rødseth", [(Role.NAV_ADVISOR, "nav-lillestrand")]),
    ("advisor_bergen", f"ole.myhre@{DOMAIN}", "Ole Kristian Myhre", [(Role.NAV_ADVISOR, "nav-fjordvang")]),
    ("advisor_bergen2", f"silje.aarseth@{DOMAIN}", "Silje Aarseth", [(Role.NAV_ADVISOR, "nav-fjordvang")]),
    ("advisor_trondheim", f"tarjei.hovland@{DOMAIN}", "Tarjei Hovland", [(Role.NAV_ADVISOR, "nav-midtmyra")]),
    ("market", f"marked@{DOMAIN}", "Linn Strand", [(Role.NAV_MARKET, "nav-lillestrand")]),
    ("mentor", f"mentor@{DOMAIN}", "Arvid Nesheim", [(Role.MENTOR, MENTOR_NGO), (Role.MENTOR, "trollkode")]),
    ("mentor2", f"goril.sande@{DOMAIN}", "Gøril Sande", [(Role.MENTOR, MENTOR_NGO)]),
    (
        "mentor3",
        f"reza.karimi@{DOMAIN}",
        "Reza Karimi",
        [(Role.MENTOR, MENTOR_NGO), (Role.MENTOR, "bolgedata")],
    ),
    ("employer", f"arbeidsgiver@{DOMAIN}", "Kristin Bø", [(Role.EMPLOYER, "bolgedata")]),
    ("employer2", f"per.tangen@{DOMAIN}", "Per Tangen", [(Role.EMPLOYER, "lysloype-programvare")]),
]
PARTICIPANT_EMAIL = f"deltaker@{DOMAIN}"

# The logins printed for the demo, one per role.
LOGINS = [
    ("Platform admin", ADMIN_EMAIL),
    ("Coordinator (Fjordkompetanse)", f"koordinator@{DOMAIN}"),
    ("Coordinator (Veiviserne)", f"koordinator.veiviserne@{DOMAIN}"),
    ("Instructor (provider staff)", f"instruktor@{DOMAIN}"),
    ("NAV advisor", f"veileder@{DOMAIN}"),
    ("NAV market coordinator", f"marked@{DOMAIN}"),
    ("Mentor", f"mentor@{DOMAIN}"),
    ("Employer contact", f"arbeidsgiver@{DOMAIN}"),
    ("Participant", PARTICIPANT_EMAIL),
]

COURSE, MENTOR, PRACTICE, EVENT = "course", "mentor", "practice", "event"

# slug, provider, name, kind, description
PROGRAMMES = [
    (
        "salesforce-pilot",
        TRAINING_COMPANY,
        "Salesforce-pilot for unge voksne",
        COURSE,
        "Fire til seks måneder for 18–30-åringer utenfor arbeid og skole, henvist av NAV. Tre "
        "Salesforce-sertifiseringer (Platform Administrator, Platform App Builder og, for dem som ikke "
        "har jobb ved kursslutt, Platform Developer I), daglig oppmøte, CV- og intervjutrening. Fire "
        "oppstarter.",
    ),
    (
        "security-pilot",
        TRAINING_COMPANY,
        "Microsoft-sikkerhet – pilot 2",
        COURSE,
        "Tre Microsoft-sertifiseringer innen sikkerhet (SC-900, SC-200, AZ-500) for unge voksne. "
        "Rekrutteringsdag med hurtigintervjuer før oppstart. Sju deltakere i første inntak.",
    ),
    (
        "it-i-praksis",
        TRAINING_COMPANY,
        "IT i praksis – bli kjent og kompetansefase",
        PRACTICE,
        "Først en bli-kjent-fase med planlagte IT-oppgaver (klargjøre maskiner, brukerkontoer, tilganger), "
        "deretter en kompetansefase med kurs, verksteder og intern støtte. Vi vurderer om du er mest "
        "teknisk, problemløser eller praktiker, og anbefaler brukerstøtte, drift eller utvikling. "
        "Så arbeidspraksis hos en samarbeidsbedrift og jobbsøking, der et rekrutteringsselskap "
        "presenterer deg for arbeidsgivere. Kontorer i Bergen, Trondheim og Oslo.",
    ),
    (
        "arbeidspraksis-it",
        TRAINING_COMPANY,
        "Arbeidspraksis i IT-brukerstøtte",
        PRACTICE,
        "Tre måneders arbeidspraksis hos en av våre samarbeidsbedrifter, med fast kontaktperson og "
        "oppfølging fra oss og NAV. Mange går videre til ansettelse.",
    ),
    (
        "hurtigintervjuer",
        TRAINING_COMPANY,
        "Møt arbeidsgiveren – hurtigintervjuer",
        EVENT,
        "Arbeidsgivere og kandidater møtes ansikt til ansikt på et NAV-kontor etter stengetid. Hvert "
        "intervju varer 30 minutter, og hver kandidat har tre–fire intervjuer. Ta gjerne med veilederen "
        "din. Sju arrangementer i året, på skift mellom kontorene.",
    ),
    (
        "fagmentor",
        MENTOR_NGO,
        "Fagmentor – seks måneder med mentor i eget fag",
        MENTOR,
        "Frivillige mentorer fra samme fag (ingeniør med ingeniør, arkitekt med arkitekt) følger deg i "
        "seks måneder. Et uforpliktende koblingsmøte først; så setter dere mål, logger møtene og bruker "
        "nettverket.",
    ),
    (
        "kode-og-nettverk",
        MENTOR_NGO,
        "Kode og nettverk",
        COURSE,
        "For nyankomne med IT-bakgrunn: praktisk programmering, arbeidslivskunnskap og faglig nettverk, "
        "med frivillige mentorer fra partnerbedrifter og nettverkssamlinger hver måned.",
    ),
]

# How many enrolments in each status, per programme. The Salesforce pilot is made person by person
# (courses.py, course_data.py), so that its outcomes repeat seed 001's table exactly. The in-house
# programme has 23 finished people, enough for its own "what works" page (20 at least; effects.py).
PLAN: dict[str, dict[str, int]] = {
    "security-pilot": {
        "applied": 3,
        "assessing": 3,
        "waiting_list": 2,
        "waiting_start": 2,
        "participating": 7,
        "not_relevant": 3,
    },
    "it-i-praksis": {
        "applied": 3,
        "assessing": 2,
        "waiting_start": 2,
        "participating": 10,
        "completed": 14,
        "left": 4,
        "broken_off": 5,
        "not_relevant": 2,
    },
    "arbeidspraksis-it": {
        "applied": 2,
        "waiting_start": 2,
        "participating": 6,
        "completed": 5,
        "broken_off": 1,
    },
    "hurtigintervjuer": {"applied": 4, "waiting_start": 8, "completed": 12, "not_relevant": 2},
    "fagmentor": {
        "applied": 5,
        "assessing": 4,
        "waiting_list": 4,
        "waiting_start": 3,
        "participating": 14,
        "completed": 10,
        "broken_off": 4,
        "not_relevant": 3,
    },
    "kode-og-nettverk": {
        "applied": 3,
        "assessing": 2,
        "waiting_start": 2,
        "participating": 8,
        "completed": 6,
        "left": 1,
        "not_relevant": 1,
    },
}
# Of the event's completed enrolments, how many are people already in another programme.
EVENT_REUSES = 10
# How many of each programme's people the demo advisor follows (about 30 in all).
ADVISOR_SHARE = {
    "salesforce-pilot": 9,
    "security-pilot": 6,
    "it-i-praksis": 3,
    "arbeidspraksis-it": 2,
    "hurtigintervjuer": 1,
    "fagmentor": 5,
    "kode-og-nettverk": 4,
}

# Municipalities with their county (2024 counties).
MUNICIPALITIES = {
    "03": ["Oslo"],
    "32": ["Lillestrøm", "Bærum", "Asker", "Lørenskog", "Nordre Follo"],
    "46": ["Bergen", "Askøy", "Øygarden", "Bjørnafjorden", "Alver"],
    "50": ["Trondheim", "Malvik", "Stjørdal", "Melhus"],
    "34": ["Lillehammer", "Hamar", "Gjøvik", "Ringsaker", "Elverum", "Kongsvinger", "Sel", "Nord-Aurdal"],
    "33": ["Drammen", "Lier"],
    "11": ["Stavanger", "Sandnes"],
    "42": ["Kristiansand"],
    "31": ["Fredrikstad", "Sarpsborg"],
    "39": ["Tønsberg", "Sandefjord"],
    "40": ["Skien", "Porsgrunn"],
    "15": ["Ålesund", "Molde"],
    "18": ["Bodø"],
    "55": ["Tromsø"],
    "56": ["Alta"],
}
# Where each NAV office's people live.
OFFICE_AREA = {"nav-lillestrand": "03", "nav-fjordvang": "46", "nav-midtmyra": "50"}
# Where self-applicants to each provider live: the training company's offices; the mentor
# programme is digital, so its people live all over Norway (seed 002 asks for geography).
APPLICANT_AREAS = {
    TRAINING_COMPANY: {"03": 4, "32": 2, "46": 4, "50": 3},
    MENTOR_NGO: {
        "03": 6,
        "32": 3,
        "46": 2,
        "50": 2,
        "34": 2,
        "33": 1,
        "11": 1,
        "42": 1,
        "31": 1,
        "39": 1,
        "40": 1,
        "15": 1,
        "18": 1,
        "55": 1,
    },
}

# Romanised as the names usually appear in Norwegian registers.
NAMES = {
    "arabic": (
        "Ahmad Mohammad Omar Khaled Yousef Hussein Ali Mahmoud Rami Tarek Bashar Samer Ibrahim Mustafa "
        "Walid Nabil Ayman Hassan Karim Fadi Ammar Majd Bilal Zaid Hamza Anas Louay Firas Osama Jamal",
        "Fatima Rana Layla Noor Hiba Rasha Dima Lina Sara Amal Reem Yasmin Maha Huda Nour Ghada Hanan Rima "
        "Salma Mariam Aya Bushra Ruba Shatha Zeinab Asmaa Safa Doaa Lama Nada",
        "Al-Hassan Haddad Khalil Nasser Saleh Ibrahim Al-Ahmad Darwish Mansour Hamdan Youssef Qasim "
        "Al-Khatib Hussein Sabbagh Jaber Najjar Kassem Othman Al-Masri Abdullah Said Bakr Shami Halabi Zein "
        "Hammoud Aziz Karam Farouk",
    ),
    "somali": (
        "Abdirahman Mohamed Abdullahi Ahmed Hassan Abdikarim Mahad Liban Yusuf Abdiaziz Farhan Hamza "
        "Bashir Jama Mukhtar Khalid Ismail Said Guled Abdiwali",
        "Hodan Fadumo Amina Sahra Hawa Ayaan Ifrah Nasra Ubah Khadra Sagal Muna Faiza Deeqa Hibo Ilhan "
        "Ladan Maryan Najma Filsan",
        "Farah Warsame Ali Abdi Hussein Osman Mohamud Jama Egal Aden Nur Hassan Ibrahim Yusuf Dahir Ahmed "
        "Omar Guled Hirsi Samatar Elmi Awale Duale Barre Ismail",
    ),
    "tigrinya": (
        "Yonas Samuel Daniel Filmon Merhawi Robel Dawit Habtom Biniam Kidane Tekle Mehari Amanuel Yemane "
        "Henok Efrem Senay Berhane Aron Michael",
        "Selam Senait Helen Saba Luwam Winta Yodit Ruta Hiwet Mebrat Eden Feven Rahel Tsega Almaz Mhret "
        "Semhar Danait Lidia Kisanet",
        "Tesfay Gebremedhin Haile Berhe Kidane Tekle Ghebreyesus Woldu Mehari Yohannes Araya Abraha Hagos "
        "Gebru Teklehaimanot Negash Asmelash Fesehaye Zerai Andemariam Habte Weldemichael Mebrahtu "
        "Tewolde Goitom",
    ),
    "ukrainian": (
        "Oleksandr Andrii Serhii Dmytro Mykola Volodymyr Yurii Oleh Maksym Vitalii Ihor Taras Bohdan Roman "
        "Artem Denys Pavlo Vasyl Yevhen Ivan",
        "Olena Iryna Tetiana Nataliia Oksana Yuliia Kateryna Svitlana Viktoriia Anastasiia Mariia "
        "Liudmyla Halyna Oleksandra Daria Alina Khrystyna Sofiia Valentyna Larysa",
        "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Koval Oliinyk Shevchuk "
        "Polishchuk Lysenko Marchenko Savchenko Rudenko Moroz Pavlenko Kuzmenko Petrenko Tkachuk Hnatiuk "
        "Ponomarenko Kovalchuk Sydorenko Klymenko",
    ),
    "persian": (
        "Ali Reza Hamid Mehdi Amir Hossein Farhad Dariush Kaveh Babak Mohammad Ahmad Jawad Nasir Farid "
        "Sohrab Arash Omid Shahram Navid Mustafa Rahim Habib Sayed Javid",
        "Maryam Zahra Fatemeh Shirin Leila Parisa Nasrin Mahsa Sima Azadeh Roya Farzaneh Niloufar Soraya "
        "Mina Shabnam Fariba Marzieh Tahmina Zainab Nargis Sadaf Mursal Laila Setareh",
        "Rahimi Ahmadi Hosseini Mohammadi Karimi Rezaei Sadeghi Jafari Hashemi Moradi Azizi Noori Sultani "
        "Haidari Amiri Rostami Nazari Safi Yousefi Akbari Najafi Popal Wardak Samadi Sharifi",
    ),
    "urdu": (
        "Imran Usman Bilal Faisal Asif Kamran Zeeshan Adnan Tariq Shahid Waqas Hamza Salman Junaid Naveed",
        "Ayesha Sana Hina Nadia Saima Amna Farah Rabia Samina Mehwish Sadia Uzma Iqra Zara Noreen",
        "Khan Ahmed Malik Butt Chaudhry Iqbal Hussain Shah Qureshi Rana Javed Anwar Aslam Rafiq Siddiqui",
    ),
    # Lithuanian surnames change with gender, so this origin lists women's surnames separately.
    "lithuanian": (
        "Tomas Mantas Darius Andrius Rokas Lukas Paulius Marius Giedrius Vytautas Justas Karolis Aurimas "
        "Donatas Saulius",
        "Rasa Agnė Inga Jurgita Ieva Greta Lina Rūta Eglė Vaida Kristina Aistė Simona Laura Gintarė",
        "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas "
        "Kavaliauskas Navickas Ramanauskas Savickas Rimkus Baranauskas",
        "Kazlauskienė Jankauskaitė Petrauskienė Stankevičiūtė Vasiliauskienė Žukauskaitė Butkienė "
        "Paulauskaitė Urbonienė Kavaliauskaitė Navickienė Ramanauskienė Savickaitė Rimkutė Baranauskienė",
    ),
}
# Origins drawn from Faker's own locales (Latin script).
FAKER_ORIGINS = {
    "norwegian": "no_NO",
    "polish": "pl_PL",
    "indian": "en_IN",
    "spanish": "es_MX",
    "vietnamese": "vi_VN",
}

# origin -> (native language codes to choose from, extra languages with a level range)
ORIGIN_LANGUAGES = {
    "norwegian": (["no"], []),
    "arabic": (["ar"], [("ku", "B2", "native", 0.12)]),
    "somali": (["so"], [("ar", "A2", "B1", 0.2)]),
    "tigrinya": (["ti"], [("am", "B1", "C1", 0.35), ("ar", "A2", "B1", 0.1)]),
    "ukrainian": (["uk"], [("ru", "C1", "native", 0.6)]),
    "persian": (["fa", "prs"], [("ps", "B1", "C1", 0.15)]),
    "urdu": (["ur"], [("hi", "B2", "C1", 0.3)]),
    "polish": (["pl"], []),
    "lithuanian": (["lt"], [("ru", "B1", "C1", 0.5)]),
    "indian": (["hi", "ta"], []),
    "spanish": (["es"], []),
    "vietnamese": (["vi"], []),
}
# Weights of the origins of immigrant participants (roughly Norway's refugee and labour groups).
IMMIGRANT_ORIGINS = {
    "arabic": 18,
    "ukrainian": 16,
    "tigrinya": 12,
    "somali": 10,
    "persian": 12,
    "polish": 8,
    "lithuanian": 4,
    "urdu": 6,
    "indian": 6,
    "spanish": 4,
    "vietnamese": 4,
}

# field of study, education level, target occupation (STYRK-08) that matches the field
HIGHER_EDUCATION = [
    ("Sivilingeniør, bygg og anlegg", "master", "2142"),
    ("Arkitektur", "master", "2161"),
    ("Elektroingeniør", "bachelor", "2151"),
    ("Maskiningeniør", "bachelor", "2144"),
    ("Kjemiingeniør", "master", "2145"),
    ("Økonomi og regnskap", "bachelor", "2411"),
    ("Datateknikk", "bachelor", "2512"),
    ("Informatikk", "master", "2511"),
    ("Informasjonssystemer", "bachelor", "2511"),
    ("Nettverksteknologi", "bachelor", "2523"),
    ("Telekommunikasjon", "master", "2153"),
    ("Farmasi", "master", "2262"),
    ("Sykepleie", "bachelor", "2223"),
    ("Lærerutdanning, matematikk", "bachelor", "2330"),
    ("Markedsføring", "bachelor", "2431"),
    ("Statistikk", "master", "2120"),
    ("Personalledelse", "bachelor", "2423"),
    ("Grafisk design", "bachelor", "2166"),
    ("Geologi", "master", "2114"),
    ("Landmåling", "bachelor", "2165"),
]
IT_FIELDS = [f for f in HIGHER_EDUCATION if f[2].startswith("25")]
SCHOOL_EDUCATION = [
    ("Studiespesialisering", "upper_secondary"),
    ("IKT-servicefag", "vocational"),
    ("Elektrofag", "vocational"),
    ("Teknologi- og industrifag", "upper_secondary"),
    ("Informasjonsteknologi og medieproduksjon", "upper_secondary"),
    ("Salg, service og reiseliv", "upper_secondary"),
    ("Helse- og oppvekstfag", "upper_secondary"),
    ("Bygg- og anleggsteknikk", "vocational"),
    ("Bachelor i informatikk", "bachelor"),
    ("Bachelor i økonomi og administrasjon", "bachelor"),
    ("Ungdomsskole", "primary"),
]
IT_OCCUPATIONS = {
    "3512": 14,
    "3511": 8,
    "3513": 6,
    "3514": 3,
    "2512": 8,
    "2513": 5,
    "2514": 4,
    "2519": 2,
    "2511": 4,
    "2521": 3,
    "2522": 5,
    "2523": 4,
    "2529": 6,
}
OTHER_OCCUPATIONS = {"4222": 3, "4110": 3, "2434": 2, "4132": 1, "7421": 1}

IT_INTEREST_NOTES = [
    "Har bygget egen PC og satt opp nettverket hjemme.",
    "Tar gratis kurs i Python på nett om kveldene.",
    "Hjalp til med IT-utstyr i borettslaget og for familien.",
    "Har laget nettside for et idrettslag.",
    "Har fullført CS50 på nett og jobber med små Python-prosjekter.",
    "Spiller mye og har drevet egen Discord-server med flere hundre medlemmer.",
    "Tok IT-valgfag på videregående og likte det godt.",
    "Har tatt Microsoft Learn-moduler om Azure på egen hånd.",
    "Reparerer mobiler og PC-er for venner.",
    "Har automatisert regneark med makroer i forrige jobb.",
    "Drev IT-støtte i en liten butikkjede i hjemlandet.",
    "Har Linux på egen maskin og liker å finne ut av feil.",
]
WORK_EXPERIENCE = {
    "young": [
        "Deltidsjobb i dagligvarebutikk i to år.",
        "Sommerjobb på lager og som avisbud.",
        "Kortere vikariater i kundeservice.",
        "Ingen fast arbeidserfaring; noe frivillig arbeid i idrettslag.",
        "Jobbet i kafé og som ekstrahjelp i elektronikkbutikk.",
    ],
    "adult": [
        "Tolv år som lagermedarbeider; jobben forsvant da lageret ble automatisert.",
        "Butikksjef i åtte år, deretter sykmeldt i en periode.",
        "Kontormedarbeider i kommunen; ønsker å omskolere seg til IT.",
        "Jobbet som sjåfør og i varehandel; har alltid vært den som fikser datamaskinene.",
        "Erfaring fra industri og vedlikehold, vil over i IT-drift.",
        "Kundeservice i telekom i fem år, blant annet førstelinje brukerstøtte.",
    ],
    "skilled": [
        "Seks års erfaring som {field_lower} i hjemlandet.",
        "Jobbet som {field_lower} i et større firma før flukten; har ikke fått jobb i faget i Norge ennå.",
        "Tre år som {field_lower}, deretter frivillig arbeid og norskkurs i Norge.",
        "Har jobbet i lager og renhold i Norge, men har utdanning og erfaring som {field_lower}.",
    ],
}

# (title, body) for the timeline. {name} is the person's first name, {programme} the programme's name.
NOTES_REFERRAL = [
    ("Henvisning fra NAV", "{name} er motivert for IT og har dokumentert interesse. Inntekten er avklart."),
    ("Henvisning fra NAV", "{name} ønsker å komme i jobb innen brukerstøtte. Trenger hjelp med CV."),
    ("Henvisning fra NAV", "Har fulgt {name} i et halvt år. God på samarbeid, trenger struktur i hverdagen."),
]
NOTES_SCREENING = [
    ("Telefonintervju", "Snakket med {name} om motivasjon og IT-interesse. Virker interessert og forberedt."),
    ("Telefonintervju", "Kort samtale. {name} har tatt nettkurs og kan vise fram egne prosjekter."),
    (
        "Inntakssamtale",
        "Inntakssamtale med {name} og NAV-veileder. Gjennomgikk forventninger og oppmøtekrav.",
    ),
]
NOTES_PARTICIPATING = [
    ("Statusmøte", "Godt oppmøte. {name} tar ansvar i gruppa og hjelper andre."),
    ("Statusmøte", "Oppmøtet har vært ujevnt de siste ukene. Avtalte ny plan med {name}."),
    ("Bestått sertifisering", "{name} besto første sertifisering i dag."),
    ("Dialogmøte med NAV", "Gjennomgikk framdrift og økonomi. Reisestøtte er innvilget."),
    ("Samtale om veien videre", "{name} vil helst mot drift. Vi anbefaler praksis hos en samarbeidsbedrift."),
    ("CV-verksted", "CV-en er oppdatert med kursene og prosjektene fra programmet."),
]
NOTES_FOR_PARTICIPANT = [
    ("Velkommen!", "Oppstart mandag kl. 09.00. Ta med PC-en, vi ordner tilgangene første dag."),
    ("Plan for de neste ukene", "Vi jobber med moduler for sertifiseringen. Øv på prøveeksamenene."),
    ("Intervjutrening", "Vi øver på intervju torsdag. Tenk gjennom et eksempel på noe du har løst."),
]
NOTES_SENSITIVE = [
    (
        "Helse",
        "{name} har fortalt om helseplager som gjør det vanskelig med fullt oppmøte. "
        "Avtalt tilrettelegging med kortere dager.",
    ),
    ("Bosituasjon", "{name} må flytte fra kommunal bolig neste måned. NAV følger opp boligsøknaden."),
]
OUTCOMES_IT = [
    "Fikk jobb som brukerstøtte hos {employer}.",
    "Fikk fast jobb i IT-drift hos {employer}.",
    "Innleid til {employer} i seks måneder via rekrutteringsselskapet, deretter ansatt.",
    "Ansatt som junior Salesforce-konsulent hos {employer}.",
    "Fikk jobb som driftstekniker hos {employer}.",
]
OUTCOMES_OTHER = [
    "Fikk jobb i kundesenter hos {employer}.",
    "Fikk jobb i varehandel, ikke IT.",
    "Fikk fast jobb på lager med kortere reisevei.",
    "Fikk jobb som kontormedarbeider hos {employer}.",
]
# (reason, free text for "other")
END_REASONS = {
    "left": [("got_job", ""), ("got_job", ""), ("education", ""), ("ill", ""), ("other", "Permisjon")],
    "broken_off": [
        ("ill", ""),
        ("no_show", ""),
        ("other_support", ""),
        ("other", "Mistet motivasjonen"),
        ("other", "Flyttet til en annen del av landet"),
    ],
    "not_relevant": [
        ("requirements", ""),
        ("no_place", ""),
        ("course_full", ""),
        ("other_support", ""),
        ("no_show", ""),
        ("other", "Takket nei til plassen"),
    ],
}
TASKS_PROVIDER = [
    "Ring og avtal inntakssamtale",
    "Send tilbud om plass",
    "Følg opp fravær",
    "Bestill eksamen",
    "Oppdatere CV før rekrutteringsdagen",
    "Avklare praksisplass med arbeidsgiver",
    "Skrive sluttrapport til NAV",
    "Sjekke tilganger til kursportalen",
]
TASKS_NAV = [
    "Avklare reisestøtte",
    "Fatte vedtak om tiltak (AMO)",
    "Dekke eksamensavgift",
    "Avklare økonomi før oppstart",
    "Kalle inn til dialogmøte",
]
TASKS_PERSON = [
    "Sende inn CV-utkast",
    "Levere legeerklæring",
    "Melde seg på eksamen",
    "Svare på tilbud om plass",
]
