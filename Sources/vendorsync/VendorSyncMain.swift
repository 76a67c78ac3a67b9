import ArgumentParser
import VendorSyncApp

/// The `vendorsync` executable: parses the command line and runs the chosen command.
@main
enum VendorSyncMain {
    static func main() async {
        await VendorSyncCommand.main(nil)
    }
}
