// Every code the loader, the library, the binder and the planner use, by area. Add a code
// here and to docs/FORMAT.md (a test compares the two); never renumber or rename one.
extension Diagnostic.Code {
    /// A diagnostic made without a code (older callers); the loader never produces it.
    public static let unclassified = Self(0, "unclassified", "A problem not yet given its own code.")

    // MARK: Syntax and limits

    public static let yamlSyntax = Self(1, "yaml-syntax", "The text is not valid YAML (libyaml's message, at the character it stopped at).")
    public static let unreadableFile = Self(2, "unreadable-file", "No such file, a folder, or a file that cannot be read.")
    public static let fileTooLarge = Self(3, "file-too-large", "The file is over 1 MiB.")
    public static let invalidUTF8 = Self(4, "invalid-utf8", "The file is not valid UTF-8, or holds control characters.")
    public static let emptyFile = Self(5, "empty-file", "The file holds no document.")
    public static let nestingTooDeep = Self(6, "nesting-too-deep", "Nesting deeper than 32 levels (or brackets and list items deeper than 64).")
    public static let tooManyAliases = Self(7, "too-many-aliases", "More than 64 aliases (`*name`) in one file.")
    public static let tooManyValues = Self(8, "too-many-values", "The document expands to more than 100,000 values.")
    public static let unsupportedKey = Self(9, "unsupported-key", "An explicit key (`? key`), an alias or a list or mapping used as a key.")
    public static let multipleDocuments = Self(10, "multiple-documents", "More than one YAML document (`---`) in a file.")
    public static let duplicateKey = Self(11, "duplicate-key", "A key written twice in one mapping.")

    // MARK: Exercise keys and roles

    public static let unknownKey = Self(101, "unknown-key", "A key the format does not know here (with \"did you mean\").")
    public static let missingKey = Self(102, "missing-key", "A required key is absent (`id`, `title`, `steps`, a step's `handler`, …).")
    public static let wrongType = Self(103, "wrong-type", "A value of the wrong kind: text, number, list or mapping where another belongs.")
    public static let outOfRange = Self(104, "out-of-range", "A number outside its allowed range, or `min` above `max`.")
    public static let invalidDuration = Self(105, "invalid-duration", "A duration that is not like 45s, 5m or 1h30m, or not above zero.")
    public static let invalidID = Self(106, "invalid-id", "An exercise id that is not kebab-case.")
    public static let notADocument = Self(107, "not-a-document", "The file is not a mapping of keys (an exercise or an agenda).")
    public static let invalidRoleName = Self(108, "invalid-role-name", "A role name that is not a word, or is built in (`speaker`, `round`, …).")
    public static let unknownRotation = Self(109, "unknown-rotation", "A role rotation that does not exist, or both `fixed` and `rotate`.")
    public static let moreRolesThanPeople = Self(110, "more-roles-than-people", "Warning: more roles than the most participants allowed, so roles share holders.")
    public static let unusedRole = Self(111, "unused-role", "Warning: a declared role that no text or config of the exercise names.")
    public static let unknownRoleInConfig = Self(112, "unknown-role-in-config", "Warning: a handler's role key (`note_role`, `explainer_role`) names a role the exercise does not declare.")

    // MARK: Params and placeholders

    public static let paramNameClash = Self(201, "param-name-clash", "A param named like a role or a built-in placeholder.")
    public static let unknownPlaceholder = Self(202, "unknown-placeholder", "A `{{name}}` that names no role, param or built-in word.")
    public static let roleInTitle = Self(203, "role-in-title", "A title names a role, which is only known once the plan is made.")
    public static let unknownParam = Self(204, "unknown-param", "`with:` or `--with` names a param the exercise does not have.")
    public static let missingParam = Self(205, "missing-param", "A param without a default is given no value.")
    public static let paramsForAgenda = Self(206, "params-for-agenda", "`--with` given for an agenda; params are set per agenda item.")
    public static let perTurnPlaceholder = Self(207, "per-turn-placeholder", "Warning: `{{speaker}}`/`{{participant}}`/`{{group}}` in a step without turns (`each: participant`), or `{{group}}` in one without `groups:`.")

    // MARK: Steps

    public static let duplicateStepID = Self(301, "duplicate-step-id", "Two steps of an exercise share an id.")
    public static let invalidEach = Self(302, "invalid-each", "`each:` is anything but `participant`.")
    public static let invalidGroups = Self(303, "invalid-groups", "`groups:` as a mapping without `size`.")
    public static let invalidInput = Self(304, "invalid-input", "`input:` names no earlier step (or the step itself).")
    public static let unknownHandler = Self(305, "unknown-handler", "`handler:` names no registered handler.")
    public static let invalidTimer = Self(306, "invalid-timer", "`timer.on_zero` is not one of bell, advance, count-up.")
    public static let unreadInput = Self(307, "unread-input", "Warning: `input:` on a step whose handler does not read input.")
    public static let smallGroups = Self(308, "small-groups", "Warning: the room is smaller than twice the step's group size, so groups shrink or merge into one.")
    public static let invalidFit = Self(310, "invalid-fit", "`min`, `max`, `priority` or `lock` that contradict each other or the `duration`.")

    // MARK: Step structures (320–339)

    public static let invalidPhases = Self(320, "invalid-phases", "`phases:` is not a list of `{ name, duration }` parts, or a phase is incomplete.")
    public static let phaseDurations = Self(321, "phase-durations", "A step's `duration` differs from the sum of its phases.")
    public static let invalidForEach = Self(322, "invalid-for-each", "`for_each:` without an earlier step in `from` or a `top`, or beside `rounds:`.")
    public static let itemOutsideLoop = Self(323, "item-outside-loop", "Warning: `{{item}}` in a step without `for_each:`.")
    public static let invalidTurnSelection = Self(324, "invalid-turn-selection", "`except:` or `only:` on a step without `each: participant`, `except:` naming no role, or `only:` without an earlier step.")
    public static let invalidBlock = Self(325, "invalid-block", "A repeated block without `steps`, with a `repeat` that is neither a number nor `{ per: <role> }`, or inside another block.")
    public static let invalidStay = Self(326, "invalid-stay", "`groups: { stay: }` naming no role with `scope: group`, or beside `keep: true` or `from:`.")
    public static let invalidJoin = Self(327, "invalid-join", "`groups: { from: }` naming no earlier step with groups, `join` without `from`, or `size` or `mix` beside `from`.")
    public static let invalidExtendVote = Self(328, "invalid-extend-vote", "`extend_vote:` that is not a duration or a list of up to 10 durations, each shorter than the one before.")
    public static let extendVoteWithoutTimebox = Self(329, "extend-vote-without-timebox", "`extend_vote:` on a step of turns (`each: participant`) or one that counts up: no round's timebox ends for the room to vote on.")
    public static let invalidBlockLoop = Self(333, "invalid-block-loop", "A block's `for_each:` without an earlier step in `from` or a `top`, or beside `repeat:`.")
    public static let invalidInputList = Self(334, "invalid-input-list", "`input:` as an empty list, or naming one step twice.")

    // MARK: Agendas and the library

    public static let invalidAgendaItem = Self(401, "invalid-agenda-item", "An agenda item that is neither `- exercise:` nor `- break:`, or a bad `with:`.")
    public static let unknownExercise = Self(402, "unknown-exercise", "An id that names no exercise or agenda of the library.")
    public static let exerciseDoesNotLoad = Self(403, "exercise-does-not-load", "An agenda item's file has errors, or is an agenda itself.")
    public static let duplicateExerciseID = Self(404, "duplicate-exercise-id", "Two files of one library folder share an exercise id.")
    public static let libraryOverride = Self(405, "library-override", "Note: a library folder overrides an id of a lower layer.")
    public static let missingLibraryFolder = Self(406, "missing-library-folder", "A `ROUNDTABLE_PATH` or `--library` folder that does not exist.")
    public static let timeboxOverrun = Self(407, "timebox-overrun", "Warning: the agenda's plan for its participants runs over its `timebox`.")
    public static let invalidFitSetting = Self(410, "invalid-fit-setting", "An agenda's `fit:` that is not auto or manual, or a `breaks:` without `after_rotation` and `length`.")
    public static let minimumsOverTimebox = Self(411, "minimums-over-timebox", "Warning: even the minimums of the agenda's steps run over its `timebox`, so fitting drops steps.")
    public static let invalidAgendaInput = Self(412, "invalid-agenda-input", "An agenda item's `inputs:` names a step its exercise does not have, or a source not written `<exercise>.<step>` of an earlier item.")
    public static let agendaInputOrder = Self(413, "agenda-input-order", "An agenda item's `inputs:` names its own exercise or one that comes later in the agenda.")

    // MARK: Participants

    public static let invalidParticipant = Self(501, "invalid-participant", "A participant name that is empty, too long, or holds a comma or control characters.")
    public static let duplicateParticipant = Self(502, "duplicate-participant", "A participant listed twice.")
    public static let tooManyParticipants = Self(503, "too-many-participants", "More than 1,000 participants.")
    public static let noParticipants = Self(504, "no-participants", "A plan with nobody in the room.")
    public static let roomSize = Self(505, "room-size", "The room is outside the exercise's `participants` range.")
    public static let fixedRoleAbsent = Self(506, "fixed-role-absent", "A role is fixed to someone who is not a participant.")

    // MARK: Handler configs

    public static let handlerConfig = Self(601, "handler-config", "A handler's rule about its `config:` or its step (the message says which).")
    public static let unknownConfigKey = Self(602, "unknown-config-key", "A `config:` key the handler does not take.")
    public static let missingConfigKey = Self(603, "missing-config-key", "A `config:` key the handler requires is absent.")

    /// Every code in use, in number order (``unclassified`` aside).
    public static let all: [Self] = [
        yamlSyntax, unreadableFile, fileTooLarge, invalidUTF8, emptyFile, nestingTooDeep, tooManyAliases, tooManyValues,
        unsupportedKey, multipleDocuments, duplicateKey,
        unknownKey, missingKey, wrongType, outOfRange, invalidDuration, invalidID, notADocument, invalidRoleName,
        unknownRotation, moreRolesThanPeople, unusedRole, unknownRoleInConfig,
        paramNameClash, unknownPlaceholder, roleInTitle, unknownParam, missingParam, paramsForAgenda, perTurnPlaceholder,
        duplicateStepID, invalidEach, invalidGroups, invalidInput, unknownHandler, invalidTimer, unreadInput, smallGroups,
        invalidFit,
        invalidPhases, phaseDurations, invalidForEach, itemOutsideLoop, invalidTurnSelection, invalidBlock, invalidStay, invalidJoin,
        invalidExtendVote, extendVoteWithoutTimebox, invalidBlockLoop, invalidInputList,
        invalidAgendaItem, unknownExercise, exerciseDoesNotLoad, duplicateExerciseID, libraryOverride, missingLibraryFolder,
        timeboxOverrun, invalidFitSetting, minimumsOverTimebox, invalidAgendaInput, agendaInputOrder,
        invalidParticipant, duplicateParticipant, tooManyParticipants, noParticipants, roomSize, fixedRoleAbsent,
        handlerConfig, unknownConfigKey, missingConfigKey,
    ]
}
