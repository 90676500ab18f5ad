import Foundation
import Ordinance
import Synchronization

/// The language and calendar packs of one plugins folder, read once and again when their
/// files change (looked at no more than every two seconds): a pack dropped into `plugins/`
/// serves the next tenant opened, with no rebuild and no restart. One per folder in a process.
public final class PackSource: Sendable {
    public let folder: URL
    private let state: Mutex<(shelf: PackShelf, checkedAt: ContinuousClock.Instant)>
    private static let sources = Mutex<[String: PackSource]>([:])
    /// How long a shelf is used before its files are looked at again.
    static let lookEvery: Duration = .seconds(2)

    private init(folder: URL) {
        self.folder = folder
        state = Mutex((PackShelf.load(folder: folder), .now))
    }

    /// The source of `folder`'s packs, shared by every deployment of the process that uses it.
    public static func shared(_ folder: URL) -> PackSource {
        let folder = folder.standardizedFileURL
        return sources.withLock { sources in
            if let source = sources[folder.path] { return source }
            let source = PackSource(folder: folder)
            sources[folder.path] = source
            return source
        }
    }

    /// The packs as they are now.
    public func current() -> PackShelf {
        let (shelf, due) = state.withLock { state -> (PackShelf, Bool) in
            guard ContinuousClock.now - state.checkedAt >= Self.lookEvery else { return (state.shelf, false) }
            state.checkedAt = .now
            return (state.shelf, true)
        }
        guard due, PackShelf.stamp(of: folder) != shelf.stamp else { return shelf }
        let reloaded = PackShelf.load(folder: folder)
        state.withLock { $0.shelf = reloaded }
        return reloaded
    }
}
