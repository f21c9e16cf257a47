// The engine builds on the handler SDK; code that uses the engine (the CLI, custom builds,
// tests) sees the SDK's types through it, so one import is enough there.
@_exported import RoundtableSDK
