package io.parley.engine.api.facts;

/**
 * Something the annotate stage found in a turn. {@code kind} says which annotator ("lexicon",
 * "regex", later "intent", "sentiment", ...); {@code name} is the lexicon or pattern name;
 * {@code term} is the lexicon term that matched (for regex, the matched text). {@code start} and
 * {@code end} are the character span {@code [start, end)} in the turn text. Role and roleIndex
 * repeat the turn's, so most rules need no join with {@link TurnFact}. {@code score} is how sure
 * the annotator is, in [0, 1]: 1 for exact matches (lexicons, regexes), a model's probability or
 * similarity for ML operators; a hit's confidence is the lowest score among its signals.
 * {@code model} names the model version that produced an ML signal ({@code id@version}, as the
 * model registry records it); null for signals no model produced.
 */
public final class SignalFact {
    private final String kind;
    private final String name;
    private final String term;
    private final int turn;
    private final String role;
    private final int roleIndex;
    private final int start;
    private final int end;
    private final String text;
    private final double score;
    private final String model;

    /** An exact match (score 1). */
    public SignalFact(String kind, String name, String term, int turn, String role, int roleIndex,
                      int start, int end, String text) {
        this(kind, name, term, turn, role, roleIndex, start, end, text, 1.0);
    }

    public SignalFact(String kind, String name, String term, int turn, String role, int roleIndex,
                      int start, int end, String text, double score) {
        this(kind, name, term, turn, role, roleIndex, start, end, text, score, null);
    }

    /** A signal a model produced; {@code model} is its {@code id@version}. */
    public SignalFact(String kind, String name, String term, int turn, String role, int roleIndex,
                      int start, int end, String text, double score, String model) {
        this.kind = kind;
        this.name = name;
        this.term = term;
        this.turn = turn;
        this.role = role;
        this.roleIndex = roleIndex;
        this.start = start;
        this.end = end;
        this.text = text;
        this.score = score;
        this.model = model;
    }

    public String getKind() { return kind; }
    public String getName() { return name; }
    public String getTerm() { return term; }
    public int getTurn() { return turn; }
    public String getRole() { return role; }
    public int getRoleIndex() { return roleIndex; }
    public int getStart() { return start; }
    public int getEnd() { return end; }
    public String getText() { return text; }
    public double getScore() { return score; }
    public String getModel() { return model; }

    @Override
    public String toString() {
        return kind + ":" + name + "@" + turn + "[" + start + "," + end + ")";
    }
}
