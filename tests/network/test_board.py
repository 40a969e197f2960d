"""The question board: members ask and answer, the asker gets a notice with names only, and the
coordinator hides and restores posts with a reason, each change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.core.models import AuditLog
from kobling.network import services
from kobling.network.models import Answer, Question
from kobling.network.selectors import questions_for, seat_for
from kobling.notifications.models import OutboxEmail
from tests.conftest import login


def ask(user, programme, title="Hvordan får jeg godkjent ingeniørutdanningen min?", body="Jeg er fra Syria."):
    return services.question_ask(actor=user, seat=seat_for(user, programme.slug), title=title, body=body)


def answer(user, question, body="Søk HK-dir om godkjenning, det tar noen måneder."):
    return services.answer_post(
        actor=user, seat=seat_for(user, question.programme.slug), question=question, body=body
    )


def test_a_waiting_mentee_asks_and_a_mentor_answers_through_the_pages(
    client, network, participant_user, mentor
):
    login(client, participant_user)
    response = client.post(
        reverse("network_ask", args=[network.slug]),
        {
            "title": "Hvordan får jeg godkjent utdanningen?",
            "body": "Jeg er sivilingeniør.",
            "topic": "job_search",
        },
    )
    question = Question.objects.get()
    assert response["Location"] == reverse("network_question", args=[network.slug, question.pk])
    assert (question.author_name, question.region, question.topic) == ("Amina Hassan", "46", "job_search")

    login(client, mentor)
    client.post(reverse("network_question", args=[network.slug, question.pk]), {"body": "Søk hos HK-dir."})
    question.refresh_from_db()
    assert question.answer_count == 1
    assert (
        "Søk hos HK-dir."
        in client.get(reverse("network_question", args=[network.slug, question.pk])).content.decode()
    )
    assert AuditLog.objects.filter(object_type="network.answer", action=AuditLog.Action.CREATE).count() == 1


def test_the_asker_gets_a_notice_with_names_and_a_link_only(network, participant_user, mentor):
    question = ask(participant_user, network)
    answer(mentor, question)
    mail = OutboxEmail.objects.get(template="network_answered")
    assert mail.to == participant_user.email
    assert "Magnus Mentor" in mail.body and "Amina Hassan" in mail.body
    assert reverse("network_question", args=[network.slug, question.pk]) in mail.body
    assert "godkjent" not in mail.body and "HK-dir" not in mail.body and "Syria" not in mail.body
    assert "godkjent" not in mail.subject


def test_answering_ones_own_question_sends_no_notice(network, participant_user):
    answer(participant_user, ask(participant_user, network), body="Jeg fant det ut selv.")
    assert not OutboxEmail.objects.filter(template="network_answered").exists()


def test_a_question_without_a_title_is_refused_and_nothing_is_saved(client, network, participant_user):
    login(client, participant_user)
    response = client.post(reverse("network_ask", args=[network.slug]), {"title": "", "body": "Bare tekst"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Question.objects.exists()


def test_an_empty_answer_is_refused(client, network, participant_user, mentor):
    question = ask(participant_user, network)
    login(client, mentor)
    response = client.post(reverse("network_question", args=[network.slug, question.pk]), {"body": ""})
    assert response.status_code == 200
    assert not Answer.objects.exists()


def test_the_coordinator_hides_a_question_with_a_reason_and_restores_it(
    client, network, coordinator, participant_user, mentor
):
    question = ask(participant_user, network)
    url = reverse("network_moderate", args=[network.slug, question.pk])
    login(client, coordinator)
    client.post(url, {"action": "hide", "reason": ""})
    question.refresh_from_db()
    assert not question.is_hidden  # no reason, no change

    client.post(url, {"action": "hide", "reason": "Inneholder helseopplysninger."})
    question.refresh_from_db()
    assert question.is_hidden and question.hidden_by == coordinator
    log = AuditLog.objects.get(object_type="network.question", action=AuditLog.Action.UPDATE)
    assert (
        log.actor == coordinator
        and log.note == "hidden: Inneholder helseopplysninger."
        and log.fields == ["hidden"]
    )

    assert question not in questions_for(seat_for(mentor, network.slug))
    login(client, mentor)
    assert client.get(reverse("network_question", args=[network.slug, question.pk])).status_code == 404
    login(client, participant_user)  # the author sees why
    page = client.get(reverse("network_question", args=[network.slug, question.pk])).content.decode()
    assert "Inneholder helseopplysninger." in page
    login(client, coordinator)
    assert (
        "Inneholder helseopplysninger."
        in client.get(reverse("network_question", args=[network.slug, question.pk])).content.decode()
    )

    client.post(url, {"action": "restore", "reason": ""})
    question.refresh_from_db()
    assert not question.is_hidden
    assert AuditLog.objects.filter(object_type="network.question", note="restored").exists()
    assert question in questions_for(seat_for(mentor, network.slug))


def test_a_hidden_question_takes_no_more_answers(network, coordinator, participant_user, mentor):
    question = ask(participant_user, network)
    services.post_hide(
        actor=coordinator, seat=seat_for(coordinator, network.slug), post=question, reason="Dobbelt"
    )
    with pytest.raises(ValidationError, match="closed|lukket"):
        answer(participant_user, question)
    assert not Answer.objects.exists()


def test_the_coordinator_hides_an_answer(client, network, coordinator, participant_user, mentor):
    question = ask(participant_user, network)
    reply = answer(mentor, question, body="Ring meg på 99887766")
    login(client, coordinator)
    client.post(
        reverse("network_moderate", args=[network.slug, question.pk]),
        {"action": "hide", "reason": "Personlig telefonnummer", "answer": reply.pk},
    )
    reply.refresh_from_db()
    question.refresh_from_db()
    assert reply.is_hidden and question.answer_count == 0
    login(client, participant_user)
    page = client.get(reverse("network_question", args=[network.slug, question.pk])).content.decode()
    assert "99887766" not in page
    login(client, mentor)  # the answer's author sees it, with the reason
    page = client.get(reverse("network_question", args=[network.slug, question.pk])).content.decode()
    assert "Personlig telefonnummer" in page


@pytest.mark.parametrize("who", ["mentor", "participant_user", "employer", "other_coordinator"])
def test_only_the_programmes_coordinator_moderates(client, network, participant_user, who, request):
    question = ask(participant_user, network)
    login(client, request.getfixturevalue(who))
    response = client.post(
        reverse("network_moderate", args=[network.slug, question.pk]), {"action": "hide", "reason": "Nei"}
    )
    assert response.status_code == 404
    question.refresh_from_db()
    assert not question.is_hidden


def test_the_coordinator_reads_but_does_not_post(client, network, coordinator, participant_user):
    question = ask(participant_user, network)
    login(client, coordinator)
    response = client.post(reverse("network_question", args=[network.slug, question.pk]), {"body": "Hei"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_questions_from_the_readers_county_come_first(network, participant_user, mentor, provider):
    from tests.conftest import make_user
    from tests.fixtures.mentoring import make_mentor

    oslo_user = make_user("oda@mentor.example", "mentor", provider, "Oda Oslo")
    make_mentor(network, name="Oda Oslo", region="03", municipality="Oslo", user=oslo_user)
    first = ask(oslo_user, network, title="Spørsmål fra Oslo")
    second = ask(participant_user, network, title="Spørsmål fra Bergen")
    third = ask(oslo_user, network, title="Nyeste fra Oslo")
    # The mentor persona is in Vestland: Bergen's question first, then the rest newest first.
    titles = [q.title for q in questions_for(seat_for(mentor, network.slug))]
    assert titles == [second.title, third.title, first.title]


def test_the_board_filters(network, participant_user, mentor):
    ask(participant_user, network, title="CV på norsk?")
    answered = ask(participant_user, network, title="Intervju neste uke")
    answer(mentor, answered)
    seat = seat_for(mentor, network.slug)
    assert [q.title for q in questions_for(seat, q="cv")] == ["CV på norsk?"]
    assert [q.title for q in questions_for(seat, unanswered=True)] == ["CV på norsk?"]


def test_the_board_takes_the_same_number_of_queries_for_2_or_40_questions(
    client, network, participant_user, mentor
):
    login(client, mentor)
    url = reverse("network_questions", args=[network.slug])
    for i in range(2):
        ask(participant_user, network, title=f"Spørsmål {i}")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(38):
        ask(participant_user, network, title=f"Flere spørsmål {i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("Flere spørsmål") == 20
    assert len(many) == len(few)
