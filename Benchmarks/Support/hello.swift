// The startup reference: a release Swift binary that loads Foundation, like roundtable does.
import Foundation

let version = ProcessInfo.processInfo.arguments.count > 1 ? "hello " + ProcessInfo.processInfo.arguments[1] : "hello"
print(version)
