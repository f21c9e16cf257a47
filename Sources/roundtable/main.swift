import BuiltInHandlers
import RoundtableCLI

await RoundtableCommand.main(handlers: BuiltInHandlers.all)
