"""The pair's space, by who uses it: the pair's own pages (`space`), the curated resources (`resources`)
and the coordinator's pages (`coordinator`). Their form pages use `kobling.core.http.form_page`."""
