import Foundation
import Ordinance

/// A complaint about a grid worker (投诉、举报), handled by a body the profile names, over
/// the worker's grid, within the profile's time limit, and archived like a case.
public struct Complaint: ProcedureState {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case open
        /// Handled: the complaint was founded.
        case upheld
        /// Handled: the complaint was unfounded.
        case dismissed
    }

    public var id: String
    public var profileVersion: Day
    /// The worker complained about (staff id and name) and the unit of their post.
    public var worker: String
    public var workerName: String
    public var unitId: Int64
    /// The post's unit and its ancestors by level, with names, to find the handling body.
    public var units: [String: Int64]
    public var names: [String: String]
    public var matter: String
    /// Who complained: personal data, shown only to those who handle complaints.
    public var complainant: Reporter
    public var status: Status
    public var result: String?
    public var filedAt: Date
    public var dueAt: Date?
    public var version: Int

    public init(id: String, profileVersion: Day, worker: String, workerName: String, unitId: Int64, units: [String: Int64],
                names: [String: String], matter: String, complainant: Reporter, filedAt: Date) {
        self.id = id
        self.profileVersion = profileVersion
        self.worker = worker
        self.workerName = workerName
        self.unitId = unitId
        self.units = units
        self.names = names
        self.matter = matter
        self.complainant = complainant
        self.status = .open
        self.filedAt = filedAt
        self.version = 0
    }

    public func applying(_ event: ProcedureEvent<Complaint>) -> Complaint {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) {
            next.status = status
            if status != .open { next.result = event.note }
        }
        next.version += 1
        return next
    }
}

/// What someone asks of a complaint.
public enum ComplaintCommand: Sendable, Equatable {
    /// Files a complaint (the platform finds the worker's post and the unit above it).
    case file(Complaint)
    /// The handling body records its finding: founded or not, and what was done.
    case handle(upheld: Bool, result: String)

    public var name: String {
        switch self {
        case .file: "file"
        case .handle: "handle"
        }
    }
}
