"""The mentor programme's pages, by who uses them: the coordinator's programme pages (`programme`) and
batch matching (`matching`), mentors and the public sign-up (`mentors`), mentees (`mentees`), and the
pair's own page (`pairs`)."""
