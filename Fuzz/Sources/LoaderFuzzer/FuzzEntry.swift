// libFuzzer entry points. Build only with the fuzzer flags (Fuzz/run-libfuzzer.sh):
//   swift build -c debug --product LoaderFuzzer -Xswiftc -sanitize=fuzzer,address \
//     -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address --scratch-path …
//
// SwiftPM links an executable with `main` defined as `<Module>_main`, so libFuzzer's own
// `main` is never pulled in; ours hands control to libFuzzer's driver instead.
import Foundation
import LoaderCheck

@_cdecl("LLVMFuzzerTestOneInput")
public func loaderFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    var notes = LoaderCheck.Notes()
    do {
        _ = try LoaderCheck.check(data, notes: &notes)
    } catch {
        // A broken property is a finding: crash, so libFuzzer keeps the input.
        fatalError("loader property broken: \(error)")
    }
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> CInt

@_cdecl("LoaderFuzzer_main")
public func loaderFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, loaderFuzzerTestOneInput)
}
