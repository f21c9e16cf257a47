/// The data of a structured result: rows of cells under named columns.
///
/// A histogram is a table with the columns `value` and `count`. Rows shorter or longer
/// than the columns are shown as they are; a renderer pads or cuts them.
public struct ResultTable: Sendable, Hashable, Codable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}
