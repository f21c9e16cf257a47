/// The file of `roundtable new exercise`.
enum ExerciseTemplate {
    static func text(id: String, title: String, path: String) -> String {
        #"""
        # A Roundtable exercise. Reference: docs/FORMAT.md; handlers: `roundtable handlers`.
        # Editor completion: `roundtable schema -o roundtable.schema.json`, then make the first
        # line `# yaml-language-server: $schema=PATH/TO/roundtable.schema.json`.
        #
        #   roundtable validate EXERCISE_PATH                  # file:line:column for every problem
        #   roundtable show EXERCISE_PATH -p Ana,Ben,Chen      # the plan: times, turns, role holders
        #   roundtable run EXERCISE_PATH -p Ana,Ben,Chen       # run it live
        #
        # The id is kebab-case and unique in the library; `roundtable show/run ID` find it by id.
        id: EXERCISE_ID
        title: "EXERCISE_TITLE"
        summary: One line for `roundtable list`.
        tags: [draft]
        participants: { min: 2, max: 12 }      # fewer or more people is an error before anything starts
        roles:
          facilitator: per-exercise            # keeps the exercise on track
          scribe: per-step                     # types what the room says; changes hands every step
        params:                                # an agenda or `--with topic=...` can change it
          topic: { default: "what to improve next", summary: What the discussion is about }
        steps:
          - id: check-in
            title: Check-in
            handler: round                     # each participant in turn, on their own timer
            each: participant
            duration: 30s                      # per speaker, because of `each`
            instructions: "{{facilitator}} invites each person in turn; {{scribe}} notes a word or two."
            prompt: "{{speaker}}: how do you arrive today?"
            config: { allow_pass: true }       # typing `pass` records that the speaker passed
          - id: discuss
            title: Discuss {{topic}}
            handler: timebox                   # an open discussion; typed lines are the scribe's notes
            duration: 10m
            prompt: "What do we know about {{topic}}, and what should we try?"
            timer: { warn_at: [1m], on_zero: bell }
            config: { note_role: scribe, kind: note }

        """#
        .replacingOccurrences(of: "EXERCISE_PATH", with: path)
        .replacingOccurrences(of: "EXERCISE_ID", with: id)
        .replacingOccurrences(of: "EXERCISE_TITLE", with: title)
    }
}
