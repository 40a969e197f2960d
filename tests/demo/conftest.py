"""The package's demo, as `kobling demo` builds it on an empty database (its output is the fixture's
value): built once for all the package's test modules (tests/fixtures/demo.py), each test in its own
savepoint within. tests/demo/days builds its own, one a day, and never sees this one."""

from tests.fixtures.demo import demo_fixture

demo = demo_fixture("command")
