package io.parley.plugins.sentiment;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 4's acceptance dialogues (bitter thanks and sincere thanks), in one place for every test
 * that reads them, and the shorthand they are written in: turns are "c|a @seconds: text".
 */
final class AcceptanceDialogues {
    private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");

    /** "谢谢你" (turn 3) after three unanswered questions and a four-minute wait. */
    static final Dialogue NEGLECTED_THANKS = dialogue(
            "c@0: 你好，我的快递三天了还没到，订单号2026111100001234",
            "c@70: 有人吗？",
            "c@150: 能不能帮我查一下物流？",
            "c@240: 谢谢你");

    /** "谢谢你，耽误我这么多时间" (turn 6). */
    static final Dialogue TIME_WASTED_THANKS = dialogue(
            "c@0: 我买的热水器漏水了，要怎么处理",
            "a@40: 亲，您好，请提供订单号",
            "c@60: 订单号2026111100001234",
            "a@200: 亲，这个需要您自己联系售后哦",
            "c@230: 我已经联系过了，售后让我找你们",
            "a@400: 那您再等等吧",
            "c@420: 谢谢你，耽误我这么多时间");

    /** A polite complaint ending in "谢谢！！！" (turn 2). */
    static final Dialogue POLITE_COMPLAINT = dialogue(
            "c@0: 宽带断了三天了，报修了也没人来",
            "a@300: 非常抱歉给您带来不便，我们会尽快为您处理",
            "c@330: 冠冕堂皇的话我不要听…请解决关键问题，谢谢！！！");

    /** Sincere thanks (turn 4) after a solved problem. */
    static final Dialogue SOLVED_THANKS = dialogue(
            "c@0: 你好，我的订单还没发货",
            "a@20: 亲，您好，麻烦提供一下订单号",
            "c@40: 2026111100001234",
            "a@70: 查到了，已经为您加急，今天下午发出，单号稍后短信通知您",
            "c@90: 好的，谢谢你，解决得很快！");

    /** Sincere thanks (turn 2) after a refund. */
    static final Dialogue REFUND_THANKS = dialogue(
            "c@0: 杯子收到就碎了，能退款吗",
            "a@15: 非常抱歉，亲，已经为您申请了全额退款，无需退货",
            "c@40: 这么快，太感谢了",
            "a@50: 不客气，祝您生活愉快");

    private AcceptanceDialogues() {
    }

    static Dialogue dialogue(String... turns) {
        List<Turn> parsed = new ArrayList<>();
        for (String turn : turns) {
            int at = turn.indexOf('@');
            int colon = turn.indexOf(": ");
            String role = turn.charAt(0) == 'c' ? "customer" : "agent";
            OffsetDateTime time = START.plusSeconds(Long.parseLong(turn.substring(at + 1, colon)));
            parsed.add(new Turn(role, turn.substring(colon + 2), time, null, null));
        }
        return new Dialogue("sarcasm-test", "im", START, null, null, List.of(), parsed, null, null);
    }
}
