"""Reading the attendance screen's marks."""

from kobling.programmes.models import AttendanceRecord


def attendance_marks(post, enrolment_ids) -> tuple[dict[int, str], list[int]]:
    """Read the day's radio buttons (`mark_<enrolment id>`). Returns the marks chosen and the ids
    whose value is not one of the four marks. An unchosen person is simply left unmarked."""
    marks, bad = {}, []
    for enrolment_id in enrolment_ids:
        value = post.get(f"mark_{enrolment_id}", "")
        if not value:
            continue
        if value in AttendanceRecord.Mark.values:
            marks[enrolment_id] = value
        else:
            bad.append(enrolment_id)
    return marks, bad
