import Hummingbird
import SandboxKit

extension SFMCAPI {
    enum SaveAction { case create, update }

    /// `Create` / `Update` of `Subscriber` objects, one result per object (`OrdinalID` = index).
    ///
    /// `Create` without `SaveOptions` `UpdateAdd` refuses an existing key with ErrorCode 12014; `Update` refuses an
    /// unknown key. `Lists` entries change only the named lists. `OverallStatus` is `OK` when every object
    /// succeeded, else `Has Errors` [verify]. Source: sfmc.md §4.2, §5; etframework.wsdl `CreateResponse`.
    func save(_ request: Request, _ message: SFMCXMLNode, action: SaveAction) -> Response {
        let saveActions = message.child("Options")?.child("SaveOptions")?.all("SaveOption").compactMap { $0.value("SaveAction") } ?? []
        let upsert = action == .update || saveActions.contains("UpdateAdd")
        var results: [SFMCSaveResult] = []
        for (index, object) in message.all("Objects").enumerated() {
            guard object.xsiType == "Subscriber" else {
                results.append(.failure(index, code: 2, "Unsupported object type \(object.xsiType ?? "")"))
                continue
            }
            let write = SFMCSubscriberWrite(object)
            let outcome = state.data.withLock { data in
                write.apply(to: &data, nowMs: state.clock.nowMilliseconds(), createOnly: action == .create && !upsert,
                            updateOnly: action == .update)
            }
            switch outcome {
            case let .success(applied):
                logWrite(request, objectKey: "subscriber:\(applied.subscriberKey)", effect: applied.effect)
                results.append(.success(index, applied))
            case let .failure(problem):
                results.append(.failure(index, code: problem.code, problem.message))
            }
        }
        return SFMCSaveResult.response(results, action: action, requestID: state.data.withLock { $0.newGUID() })
    }
}
