"""Demo data: a year of Alytus events around today, and STEAM lessons in Alytus schools. Safe to load again.

Builds on `load_plan` (the Alytus action plan) and `load_demo` (organisations and accounts). Past events have
attendance, no-shows and feedback; future ones are open for registration, one of them full with a waitlist;
one starts within hours so that the check-in page has something to do. Events and series are found again by
their Lithuanian or English title, lessons by school, topic (in either language) and school year, so a second
run adds nothing; it brings the texts of what it finds up to date, in both languages.

The titles are made up for the demo, after the kinds of events actions 1.4, 1.5, 2.2, 2.3, 3.1 and 3.3 of
the plan call for; the schools are Alytus' real ones, the lessons fictional.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from talentas.accounts.models import User
from talentas.core import demo_pictures
from talentas.core.metrics import data_changed_after_commit
from talentas.organisations import selectors as organisation_selectors

from . import selectors, services
from .models import Event, EventSeries, EventType, Feedback, Registration, SchoolGrades, SteamLesson


class Texts(NamedTuple):
    """A text in Lithuanian and in English."""

    lt: str
    en: str

    def columns(self, field: str) -> dict[str, str]:
        return {f"{field}_lt": self.lt, f"{field}_en": self.en}


T = EventType
INCUBATOR = Texts("Alytaus verslo inkubatorius", "Alytus Business Incubator")
INCUBATOR_ADDRESS = "Pramonės g. 1D, Alytus"
INNOVATION = Texts("Alytaus verslo inovacijų centras", "Alytus Business Innovation Center")
INNOVATION_ADDRESS = "Naujoji g. 2, Alytus"
CITY_HALL = Texts("Alytaus miesto savivaldybė, konferencijų salė", "Alytus City Municipality, conference hall")
CITY_HALL_ADDRESS = "Rotušės a. 4, Alytus"
COLLEGE = Texts("Alytaus kolegija, 101 auditorija", "Alytus College, hall 101")
COLLEGE_ADDRESS = "Ulonų g. 21, Alytus"
STEP_FREE = Texts(
    "Įėjimas be laiptų ir liftas; pirmame aukšte yra tualetas žmonėms su negalia.",
    "Step-free entrance and a lift; accessible toilet on the ground floor.",
)
FOUNDERS = Texts("Verslininkai, įmonių įkūrėjai ir investuotojai", "Entrepreneurs, founders and investors")
EVERYONE = Texts("Verslas, mokyklos, NVO, gyventojai", "Businesses, schools, NGOs, residents")

# When events of each kind begin, local time, as they would in Alytus: evening meetups after work, workshops
# and forums in working hours; a breakfast says so with its own `starts`.
USUAL_START = {
    T.NETWORKING: time(18, 0),
    T.WORKSHOP: time(14, 0),
    T.FINANCING_WORKSHOP: time(15, 0),
    T.PITCH_EVENT: time(18, 30),
    T.STAKEHOLDER_FORUM: time(10, 0),
    T.PUBLIC_CONSULTATION: time(18, 0),
    T.CROSS_SECTOR_WORKSHOP: time(14, 0),
}
BREAKFAST = time(8, 30)


@dataclass(frozen=True)
class DemoEvent:
    title: Texts
    action: str
    event_type: str
    days: int  # from today; negative for past events
    hours: float = 2.5
    starts: time | None = None  # local time; None: the usual time for its kind (USUAL_START)
    capacity: int = 40
    organisers: tuple[str, ...] = ("business-support-department",)
    venue: Texts = INCUBATOR
    address: str = INCUBATOR_ADDRESS
    online_url: str = ""
    language: str = "lt"
    audience: Texts = FOUNDERS
    description: Texts = field(kw_only=True)  # every demo event is described, in both languages
    # Registration questions are one list per event (answers are kept under the question's words), so the demo
    # asks each in both languages at once: "Lithuanian / English".
    questions: tuple[Texts, ...] = ()
    registered: int = 0  # for future events: how many demo people have signed up
    mode: str = Event.RegistrationMode.OPEN
    series: Texts | None = None
    extra: dict = field(default_factory=dict)

    @property
    def start_time(self) -> time:
        return self.starts or USUAL_START[self.event_type]

    def texts(self) -> dict[str, str]:
        """The event's texts, one column per language, and the language it is held in."""
        return {
            **self.title.columns("title"),
            **self.description.columns("description"),
            **self.audience.columns("audience"),
            **STEP_FREE.columns("accessibility_notes"),
            **self.venue.columns("venue_name"),
            "language": self.language,
        }


NETWORKING_SERIES = Texts("Alytaus startuolių tinklaveikos vakaras", "Alytus startup networking evening")
NETWORKING_DESCRIPTION = Texts(
    "Kas ketvirtį vykstantis Alytaus startuolių bendruomenės vakaras: trumpi vietos įmonių įkūrėjų pranešimai, "
    "po kurių galėsite susipažinti su verslininkais, investuotojais, mentoriais ir miesto verslo paramos komanda.",
    "The quarterly evening of Alytus' startup community: short talks by local founders, then time to meet "
    "entrepreneurs, investors, mentors and the city's business support team.",
)

EVENTS: list[DemoEvent] = [
    # 1.4: networking events and workshops, quarterly
    DemoEvent(
        Texts(
            "Alytaus startuolių tinklaveikos vakaras: pirmieji klientai",
            "Alytus startup networking evening: first customers",
        ),
        "1.4",
        T.NETWORKING,
        -170,
        series=NETWORKING_SERIES,
        description=NETWORKING_DESCRIPTION,
        organisers=("business-support-department", "alytus-business-incubator"),
    ),
    DemoEvent(
        Texts("Dirbtuvės: nuo idėjos iki pirmojo kliento", "Workshop: from idea to first customer"),
        "1.4",
        T.WORKSHOP,
        -125,
        hours=3,
        capacity=25,
        organisers=("alytus-business-incubator",),
        description=Texts(
            "Praktinė popietė apie tai, kaip išbandyti idėją su tikrais klientais dar prieš pradedant ją kurti.",
            "A hands-on afternoon on testing an idea with real customers before building it.",
        ),
    ),
    DemoEvent(
        Texts(
            "Alytaus startuolių tinklaveikos vakaras: komandos kūrimas",
            "Alytus startup networking evening: building a team",
        ),
        "1.4",
        T.NETWORKING,
        -80,
        series=NETWORKING_SERIES,
        description=NETWORKING_DESCRIPTION,
        organisers=("business-support-department", "alytus-business-incubator"),
    ),
    DemoEvent(
        Texts(
            "Alytaus startuolių tinklaveikos vakaras: klausimai investuotojams",
            "Alytus startup networking evening: ask the investors",
        ),
        "1.4",
        T.NETWORKING,
        10,
        series=NETWORKING_SERIES,
        description=NETWORKING_DESCRIPTION,
        organisers=("business-support-department", "alytus-business-incubator"),
        registered=18,
        questions=(Texts("Jūsų įmonė ar projektas (nebūtina)", "Your company or project (optional)"),),
    ),
    DemoEvent(
        Texts("Dirbtuvės: skaitmeninė rinkodara mažoms įmonėms", "Workshop: digital marketing for small firms"),
        "1.4",
        T.WORKSHOP,
        38,
        hours=3,
        capacity=20,
        organisers=("kodas-dzukija",),
        venue=INNOVATION,
        address=INNOVATION_ADDRESS,
        online_url="https://meet.example.org/alytus-marketing",
        language="lt-en",
        description=Texts(
            "Interneto svetainė, paieškos sistemos ir socialiniai tinklai turint nedidelį biudžetą; "
            "atsineškite nešiojamąjį kompiuterį.",
            "Websites, search and social media on a small budget; bring your laptop.",
        ),
        registered=9,
    ),
    DemoEvent(
        Texts(
            "Alytaus startuolių tinklaveikos vakaras: prekyba užsienyje",
            "Alytus startup networking evening: selling abroad",
        ),
        "1.4",
        T.NETWORKING,
        100,
        series=NETWORKING_SERIES,
        description=NETWORKING_DESCRIPTION,
        organisers=("business-support-department", "alytus-business-incubator"),
        registered=4,
    ),
    DemoEvent(
        Texts(
            "Tinklaveikos pusryčiai: technologijų įmonės ir studentai", "Networking breakfast: tech firms and students"
        ),
        "1.4",
        T.NETWORKING,
        0,
        hours=1.5,
        starts=BREAKFAST,
        capacity=30,
        organisers=("kodas-dzukija", "business-support-department"),
        venue=COLLEGE,
        address=COLLEGE_ADDRESS,
        audience=Texts(
            "Studentai, absolventai ir vietos technologijų įmonės", "Students, graduates and local tech firms"
        ),
        description=Texts(
            "Kava ir trumpi prisistatymai: vietos technologijų įmonės susipažįsta su praktikos ieškančiais studentais.",
            "Coffee and short introductions: local tech firms meet students looking for internships.",
        ),
        registered=14,
    ),
    # 2.3: financing workshops, at least 3 a year
    DemoEvent(
        Texts("Finansavimo dirbtuvės: ES fondai ir INVEGA paskolos", "Financing workshop: EU funds and INVEGA loans"),
        "2.3",
        T.FINANCING_WORKSHOP,
        -140,
        hours=3,
        capacity=35,
        organisers=("finance-and-investment-department", "enterprise-lithuania"),
        venue=CITY_HALL,
        address=CITY_HALL_ADDRESS,
        description=Texts(
            "Koks viešasis finansavimas tinka kuriam įmonės augimo etapui ir kaip dėl jo kreiptis.",
            "Which public funding fits which stage of a company, and how to apply.",
        ),
    ),
    DemoEvent(
        Texts(
            "Finansavimo dirbtuvės: susipažinkite su verslo angelais", "Financing workshop: meet the business angels"
        ),
        "2.3",
        T.FINANCING_WORKSHOP,
        -50,
        hours=2.5,
        capacity=30,
        organisers=("dzukija-business-angels", "finance-and-investment-department"),
        description=Texts(
            "Kaip investuoja vietos verslo angelai, ko jie ieško startuoliuose, ir praktinės konsultacijos dėl "
            "investavimo sąlygų aprašo (angl. term sheet).",
            "How local angels invest, what they look for, and a clinic on term sheets.",
        ),
    ),
    DemoEvent(
        Texts(
            "Finansavimo dirbtuvės: dotacijos jauniems verslininkams",
            "Financing workshop: grants for young entrepreneurs",
        ),
        "2.3",
        T.FINANCING_WORKSHOP,
        60,
        hours=3,
        capacity=30,
        organisers=("finance-and-investment-department",),
        venue=CITY_HALL,
        address=CITY_HALL_ADDRESS,
        audience=Texts("Jaunesni nei 30 metų įmonių įkūrėjai", "Founders under 30"),
        description=Texts(
            "Miesto dotacijos startuoliams: kas gali teikti paraišką, kaip ją parengti ir kas vyksta toliau.",
            "The city's startup grants: who can apply, how to write the application, and what happens next.",
        ),
        registered=12,
        questions=(Texts("Kam panaudotumėte dotaciją? (nebūtina)", "What would you use a grant for? (optional)"),),
    ),
    # 2.2: pitch events, held in both languages for the investors from elsewhere
    DemoEvent(
        Texts("Dzūkijos startuolių pristatymų vakaras: žalieji startuoliai", "Dzūkija pitch night: green startups"),
        "2.2",
        T.PITCH_EVENT,
        -30,
        hours=3,
        capacity=60,
        organisers=("dzukija-business-angels", "alytus-business-incubator"),
        language="lt-en",
        description=Texts(
            "Aštuoni regiono startuoliai pristato savo idėjas investuotojams ir visuomenei; nugalėtoją renka žiūrovai.",
            "Eight startups from the region pitch to investors and the public; the audience votes.",
        ),
    ),
    DemoEvent(
        Texts(
            "Dzūkijos startuolių pristatymų vakaras: inkubatoriaus komandos",
            "Dzūkija pitch night: the incubator's teams",
        ),
        "2.2",
        T.PITCH_EVENT,
        45,
        hours=3,
        capacity=25,
        organisers=("dzukija-business-angels", "alytus-business-incubator"),
        language="lt-en",
        description=Texts(
            "Inkubatoriaus startuoliai pristato savo idėjas Dzūkijos verslo angelams. Vietų nedaug: kai kas nors "
            "atšaukia registraciją, laukiančiųjų eilė pasislenka.",
            "Startups of the incubator pitch to the Dzūkija Business Angels. Seats are limited: the waitlist "
            "moves up when someone cancels.",
        ),
        registered=28,
    ),
    # 3.1: stakeholder forum at least once a year, and a public consultation
    DemoEvent(
        Texts("Alytaus talentų ir startuolių forumas", "Alytus talent and startup forum"),
        "3.1",
        T.STAKEHOLDER_FORUM,
        -100,
        hours=5,
        capacity=120,
        organisers=("alytus-city-municipality", "ulg-coordination"),
        venue=CITY_HALL,
        address=CITY_HALL_ADDRESS,
        audience=EVERYONE,
        description=Texts(
            "Kasmetinis URBACT vietos grupės forumas: ką pavyko pasiekti įgyvendinant veiksmų planą ir kas laukia "
            "toliau.",
            "The yearly forum of the Urban Local Group: what the action plan achieved, and what comes next.",
        ),
    ),
    DemoEvent(
        Texts(
            "Viešoji konsultacija: veiksmų planas kitiems metams", "Public consultation: the action plan's next year"
        ),
        "3.1",
        T.PUBLIC_CONSULTATION,
        20,
        hours=2,
        capacity=80,
        organisers=("ulg-coordination",),
        venue=CITY_HALL,
        address=CITY_HALL_ADDRESS,
        online_url="https://meet.example.org/alytus-consultation",
        audience=Texts("Visi, kurie gyvena ar dirba Alytuje", "Everyone who lives or works in Alytus"),
        description=Texts(
            "Pasakykite miestui, ką jo talentų ir startuolių planas turėtų nuveikti kitais metais; dalyvauti galima "
            "salėje arba internetu.",
            "Tell the city what its talent and startup plan should do next year; in the hall or online.",
        ),
        registered=6,
    ),
    DemoEvent(
        Texts("Alytaus talentų ir startuolių forumas: praėjus metams", "Alytus talent and startup forum: one year on"),
        "3.1",
        T.STAKEHOLDER_FORUM,
        160,
        hours=5,
        capacity=120,
        organisers=("alytus-city-municipality", "ulg-coordination"),
        venue=CITY_HALL,
        address=CITY_HALL_ADDRESS,
        audience=EVERYONE,
        description=Texts("Kasmetinis URBACT vietos grupės forumas.", "The Urban Local Group's yearly forum."),
    ),
    # 3.3: cross-sector workshops, at least 2 a year
    DemoEvent(
        Texts(
            "Tarpsektorinės dirbtuvės: pramonė susitinka su mokyklomis",
            "Cross-sector workshop: industry meets schools",
        ),
        "3.3",
        T.CROSS_SECTOR_WORKSHOP,
        -60,
        hours=3,
        capacity=30,
        organisers=("ulg-coordination", "alytus-college"),
        venue=COLLEGE,
        address=COLLEGE_ADDRESS,
        audience=Texts("Mokytojai, darbdaviai, studentai", "Teachers, employers, students"),
        description=Texts(
            "Darbdaviai ir mokytojai kartu kuria praktikos galimybes ir mokyklų projektus.",
            "Employers and teachers design internships and school projects together.",
        ),
    ),
    DemoEvent(
        Texts(
            "Tarpsektorinės dirbtuvės: žaliosios technologijos ir žemės ūkis",
            "Cross-sector workshop: green tech and agriculture",
        ),
        "3.3",
        T.CROSS_SECTOR_WORKSHOP,
        75,
        hours=3,
        capacity=30,
        organisers=("ulg-coordination", "greenhub-alytus"),
        venue=INNOVATION,
        address=INNOVATION_ADDRESS,
        audience=Texts("Ūkininkai, startuoliai, mokslininkai", "Farmers, startups, researchers"),
        mode=Event.RegistrationMode.APPROVAL,
        description=Texts(
            "Ūkininkai ir technologijų startuoliai kartu ieško bendrų projektų. Dalyvius tvirtina organizatoriai, "
            "kad būtų atstovaujama visiems sektoriams.",
            "Farmers and tech startups look for projects together. Places are confirmed by the organisers to "
            "balance sectors.",
        ),
        registered=5,
    ),
]

WOMEN = [
    "Agnė",
    "Ieva",
    "Gabija",
    "Urtė",
    "Emilija",
    "Austėja",
    "Kamilė",
    "Paulina",
    "Rūta",
    "Viktorija",
    "Greta",
    "Monika",
]
MEN = [
    "Lukas",
    "Matas",
    "Dominykas",
    "Nojus",
    "Jokūbas",
    "Kajus",
    "Benas",
    "Tadas",
    "Mantas",
    "Karolis",
    "Rokas",
    "Paulius",
]
# Lithuanian surnames: the man's form, and the (unmarried) woman's form.
SURNAMES = [
    ("Kazlauskas", "Kazlauskaitė"),
    ("Petrauskas", "Petrauskaitė"),
    ("Jankauskas", "Jankauskaitė"),
    ("Stankevičius", "Stankevičiūtė"),
    ("Vasiliauskas", "Vasiliauskaitė"),
    ("Žukauskas", "Žukauskaitė"),
    ("Butkus", "Butkutė"),
    ("Paulauskas", "Paulauskaitė"),
    ("Urbonas", "Urbonaitė"),
    ("Navickas", "Navickaitė"),
]
COMMENTS = [
    "Useful and well organised.",
    "Great people to meet; I'd like more time for questions.",
    "Naudinga, ačiū!",
    "The room was a bit crowded.",
    "Puikūs pranešėjai.",
    "Practical examples from local firms were the best part.",
    "",
]
ATTENDEES = 48

# STEAM lessons (action 1.5): the grades each school teaches, and lessons per school year.
SCHOOL_GRADES = {"alytus-putinai-gymnasium": (5, 12), "alytus-jotvingiai-gymnasium": (9, 12)}
# The lessons are held in Lithuanian: the topic is recorded in Lithuanian, the English title added for readers.
LESSON_TOPICS = [
    (Texts("Robotai iš antrinių žaliavų", "Robots from recycled parts"), [5, 6], 2),
    (Texts("Programuojame meteorologijos stotelę", "Coding a weather station"), [7, 8], 2),
    (Texts("Tiltai: statome ir išbandome", "Bridges: build and test"), [9, 10], 2),
    (Texts("Dzūkijos dirvožemių chemija", "Chemistry of Dzūkija's soils"), [11], 2),
    (Texts("Prototipo spausdinimas 3D spausdintuvu", "3D printing a prototype"), [12], 1.5),
    (Texts("Elektronika su micro:bit", "Electronics with micro:bit"), [5, 6, 7], 1),
]
LESSON_NOTES = Texts(
    "STEAM pamoka kartu su vietos įmonės inžinieriais.", "A STEAM lesson with a local company's engineers."
)


def _demo_people(count: int) -> list[User]:
    """Demo attendees: accounts without a password (they cannot log in), made once."""
    people = []
    for number in range(count):
        first_names, form = (WOMEN, 1) if number % 2 else (MEN, 0)
        index = number // 2  # 24 of each: every first name twice, each time with another surname
        first = first_names[index % len(first_names)]
        full_name = f"{first} {SURNAMES[(index * 3 + index // len(first_names)) % len(SURNAMES)][form]}"
        email = f"attendee{number + 1:02d}@talentas.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=full_name, preferred_language="lt" if number % 4 else "en")
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _organisation_ids(slugs: tuple[str, ...]) -> list[int]:
    return list(organisation_selectors.directory().filter(slug__in=slugs).values_list("pk", flat=True))


def _update(instance, values: dict) -> None:
    """Save the values that differ (texts of an earlier demo run, e.g. from before titles had two languages)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=[*changed, "updated_at"])


def _by_title(model, title: Texts):
    """The row with either title: a later run finds rows made before a title changed in one language."""
    return model.objects.filter(Q(title_lt=title.lt) | Q(title_en=title.en)).first()


# Titles that named a season, whatever the date turned out to be ("summer" in December): found again by them,
# a second run renames those events.
FORMER_TITLES = {
    "Alytus startup networking evening: first customers": "Alytus startup networking evening: winter",
    "Alytus startup networking evening: building a team": "Alytus startup networking evening: spring",
    "Alytus startup networking evening: ask the investors": "Alytus startup networking evening: summer",
    "Alytus startup networking evening: selling abroad": "Alytus startup networking evening: autumn",
    "Dzūkija pitch night: green startups": "Dzūkija pitch night: spring",
    "Dzūkija pitch night: the incubator's teams": "Dzūkija pitch night: autumn",
}


def _existing_event(entry: DemoEvent) -> Event | None:
    event = _by_title(Event, entry.title)
    if event is None and entry.title.en in FORMER_TITLES:
        event = Event.objects.filter(title_en=FORMER_TITLES[entry.title.en]).first()
    return event


def _keep_time_of_day(event: Event, at: time) -> None:
    """An event an earlier run made at another hour (a breakfast at 23:00) moves to its hour, on its own day."""
    starts = timezone.localtime(event.starts_at)
    if starts.time() != at:
        moved = _moment(starts.date(), at)
        Event.objects.filter(pk=event.pk).update(starts_at=moved, ends_at=moved + (event.ends_at - event.starts_at))


def _questions(entry: DemoEvent) -> list[str]:
    return [f"{question.lt} / {question.en}" for question in entry.questions]


def _ask_in_both_languages(event: Event, entry: DemoEvent) -> None:
    """An event an earlier run made with its questions in English only asks them in both languages; the answers
    already given move to the new wording, so none is lost."""
    questions = _questions(entry)
    if event.questions == questions:
        return
    renamed = {question.en: both for question, both in zip(entry.questions, questions, strict=True)}
    answered = list(event.registrations.exclude(answers={}))
    for registration in answered:
        registration.answers = {renamed.get(key, key): value for key, value in registration.answers.items()}
    Registration.objects.bulk_update(answered, ["answers"])
    Event.objects.filter(pk=event.pk).update(questions=questions)
    data_changed_after_commit()


def _series(title: Texts | None) -> EventSeries | None:
    if title is None:
        return None
    series = _by_title(EventSeries, title)
    if series is None:
        return EventSeries.objects.create(frequency=EventSeries.Frequency.QUARTERLY, **title.columns("title"))
    _update(series, title.columns("title"))
    return series


def _make_event(entry: DemoEvent, action_id: int, creator: User, today: date) -> Event:
    day = today + timedelta(days=entry.days)
    if entry.days == 0 and timezone.localtime().time() >= entry.start_time:
        # Today's event is the next morning's once this morning's has begun: registration is still open, its
        # check-in page (open from a day before) is live in the demo, and its time stays what it says.
        day += timedelta(days=1)
    starts = _moment(day, entry.start_time)
    event = Event(
        action_id=action_id,
        series=_series(entry.series),
        event_type=entry.event_type,
        **entry.texts(),
        starts_at=starts,
        ends_at=starts + timedelta(hours=entry.hours),
        address=entry.address,
        online_url=entry.online_url,
        capacity=entry.capacity,
        registration_mode=entry.mode,
        questions=_questions(entry),
        created_by=creator,
    )
    event.full_clean()
    event.save()
    event.organisers.set(_organisation_ids(entry.organisers))
    return event


def _past_attendance(event: Event, people: list[User], rng: random.Random) -> None:
    """Registrations of a past event: most came (checked in), some did not; about half the attendees rated it."""
    count = min(len(people), max(5, int(event.capacity * rng.uniform(0.55, 0.95))))
    chosen = rng.sample(people, count)
    registrations = []
    for index, person in enumerate(chosen):
        came = rng.random() < 0.82
        queued = event.starts_at - timedelta(days=rng.randint(2, 20), minutes=index)
        registrations.append(
            Registration(
                event=event,
                user=person,
                status=Registration.Status.ATTENDED if came else Registration.Status.NO_SHOW,
                queued_at=queued,
                checked_in_at=event.starts_at + timedelta(minutes=rng.randint(-15, 20)) if came else None,
                reminder_sent_at=event.starts_at - timedelta(hours=20),
                feedback_requested_at=event.ends_at + timedelta(hours=1) if came else None,
            )
        )
    Registration.objects.bulk_create(registrations)
    Event.objects.filter(pk=event.pk).update(seats_taken=len(registrations))  # every one of them held a seat
    attended = Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
    Feedback.objects.bulk_create(
        [
            Feedback(registration=registration, rating=rng.choice([3, 4, 4, 5, 5, 5]), comment=rng.choice(COMMENTS))
            for registration in attended
            if rng.random() < 0.5
        ]
    )


def _future_registrations(event: Event, people: list[User], count: int, rng: random.Random) -> None:
    """Sign demo people up through the service, so capacity, the waitlist and approval work as for anyone."""
    for person in rng.sample(people, min(count, len(people))):
        answers = {event.questions[0]: "Kodas Dzūkija"} if event.questions and rng.random() < 0.5 else None
        services.register_for_event(user=person, event_id=event.pk, answers=answers)


def _school_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _load_steam(today: date, creator: User, action_id: int) -> int:
    made = 0
    current = _school_year_start(today)
    for start in (date(current.year - 1, 9, 1), current):
        year = services.ensure_school_year(
            name=f"{start.year}-{start.year + 1}", starts_on=start, ends_on=date(start.year + 1, 8, 31)
        )
        for slug, (first, last) in SCHOOL_GRADES.items():
            school = organisation_selectors.directory().filter(slug=slug).first()
            if school is None:
                continue
            if not SchoolGrades.objects.filter(school=school).exists():
                services.set_school_grades(school_id=school.pk, first_grade=first, last_grade=last)
            taught = set(range(first, last + 1))
            # The past year is nearly complete; the current one only as far as today.
            topics = LESSON_TOPICS if start < current else LESSON_TOPICS[:3]
            for index, (topic, grades, hours) in enumerate(topics):
                grades_here = [grade for grade in grades if grade in taught]
                if not grades_here:
                    continue
                lesson = SteamLesson.objects.filter(school=school, topic__in=topic, school_year=year).first()
                if lesson is None:
                    day = start + timedelta(days=30 + index * 40 + (7 if slug.endswith("jotvingiai-gymnasium") else 0))
                    if day >= today:
                        continue
                    lesson = services.record_steam_lesson(
                        user=creator,
                        action_id=action_id,
                        school_id=school.pk,
                        grade_numbers=grades_here,
                        hours=Decimal(str(hours)),
                        topic=topic.lt,
                        starts_at=_moment(day, time(10, 0)),
                        organiser_ids=_organisation_ids(("kodas-dzukija",)) if index % 2 else (),
                        description=LESSON_NOTES.lt,
                        language="lt",
                    )
                    made += 1
                _update(lesson, {"topic": topic.lt})
                _update(lesson.event, {**topic.columns("title"), **LESSON_NOTES.columns("description")})
    return made


@transaction.atomic
def load_demo_events() -> dict[str, int]:
    """Make whatever of the events demo is missing; return how many events, registrations and lessons were made."""
    services.ensure_grades()
    actions = {action.code: action.pk for action in selectors.plan_actions().filter(plan__is_default=True)}
    if not actions:
        actions = {action.code: action.pk for action in selectors.plan_actions()}
    missing = sorted(({entry.action for entry in EVENTS} | {"1.5"}) - set(actions))
    if missing:
        raise LookupError(f"The plan lacks actions {', '.join(missing)}: run `manage.py load_plan` first.")
    creator = User.objects.filter(email="plan.manager@talentas.example").first()
    teacher = User.objects.filter(email="indicators.education@talentas.example").first()
    if creator is None or teacher is None:
        raise LookupError("Run `manage.py load_demo` first: the events demo needs its accounts.")
    today = timezone.localdate()
    people = _demo_people(ATTENDEES)
    talent = User.objects.filter(email="talent@talentas.example").first()
    made = {"events": 0, "registrations": 0, "lessons": 0}
    before = Registration.objects.count()
    for entry in EVENTS:
        event = _existing_event(entry)
        if event is not None:
            _update(event, entry.texts())
            _keep_time_of_day(event, entry.start_time)
            _ask_in_both_languages(event, entry)
            _series(entry.series)
            continue
        rng = random.Random(entry.title.en)  # noqa: S311 (demo data, reproducible)
        event = _make_event(entry, actions[entry.action], creator, today)
        made["events"] += 1
        if entry.days < 0:
            _past_attendance(event, people, rng)
            if talent is not None and entry.title.en == "Dzūkija pitch night: green startups":
                _registration, created = Registration.objects.update_or_create(
                    event=event,
                    user=talent,
                    defaults={
                        "status": Registration.Status.ATTENDED,
                        "queued_at": event.starts_at - timedelta(days=3),
                        "checked_in_at": event.starts_at,
                    },
                )
                if created:  # a new seat; a registration that was there already held one
                    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
        else:
            if talent is not None and entry.title.en == "Financing workshop: grants for young entrepreneurs":
                services.register_for_event(user=talent, event_id=event.pk)
            _future_registrations(event, people, entry.registered, rng)
            if entry.days == 0:  # check-in has begun: a few people are already in
                for registration in event.registrations.filter(status=Registration.Status.CONFIRMED)[:5]:
                    services.check_in(actor=creator, registration_id=registration.pk)
    made["registrations"] = Registration.objects.count() - before
    made["lessons"] = _load_steam(today, teacher, actions["1.5"])
    _ensure_demo_covers(creator)
    data_changed_after_commit()  # the past events' registrations and feedback were bulk-created, without signals
    return made


DEMO_COVERS = 8


def _ensure_demo_covers(creator: User) -> None:
    """A drawn cover (core.demo_pictures) for the next few demo events that have none yet."""
    titles = [entry.title.en for entry in EVENTS]
    upcoming = Event.objects.filter(title_en__in=titles, ends_at__gte=timezone.now()).order_by("starts_at", "pk")
    for event in upcoming[:DEMO_COVERS]:
        if event.cover_id is None:
            services.set_cover(user=creator, event_id=event.pk, upload=demo_pictures.draw_cover(seed=event.title_en))
