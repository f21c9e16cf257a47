import BuiltInHandlers
import Kudos
import RoundtableCLI

await RoundtableCommand.main(handlers: BuiltInHandlers.all + Kudos.all)
