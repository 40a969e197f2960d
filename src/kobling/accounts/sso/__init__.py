"""Single sign-on with OpenID Connect (Authlib's Django client): each organisation's staff identity
provider and ID-porten for participants. A login only ever reaches an existing account."""
