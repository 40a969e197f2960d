"""Making an event's schedule: the engine's input, generating (now or on the task worker), hand moves,
shortfalls and publishing."""
