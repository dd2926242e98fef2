package io.parley.plugins.sentiment;

/**
 * One turn as the sentiment features see it: who spoke, what, and when (epoch millis, null when
 * the source has no times). Training data (JDDC, STC-3, reviews) and live dialogues are both
 * brought to this shape, so features are computed by one piece of code for both.
 */
public record ContextTurn(String role, String text, Long atMillis) {
    public static final String CUSTOMER = "customer";

    public ContextTurn {
        text = text == null ? "" : text;
    }

    public static ContextTurn customer(String text) {
        return new ContextTurn(CUSTOMER, text, null);
    }

    public static ContextTurn agent(String text) {
        return new ContextTurn("agent", text, null);
    }

    public boolean isCustomer() {
        return CUSTOMER.equals(role);
    }

    /** An agent or bot turn answers the customer; system notices and other parties do not. */
    public boolean isAnswer() {
        return "agent".equals(role) || "bot".equals(role);
    }
}
