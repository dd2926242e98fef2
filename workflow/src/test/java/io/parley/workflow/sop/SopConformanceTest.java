package io.parley.workflow.sop;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.workflow.sop.SopReport.Deviation;
import io.parley.workflow.sop.SopReport.Kind;
import io.parley.workflow.sop.SopReport.LabelledTurn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The pre-sale SOP (opening → needs → recommendation → objection handling → closing) drawn in BPMN, checked on dialogues written for each deviation. */
class SopConformanceTest {
    static SopConformance sop;

    @BeforeAll
    static void readFlow() throws IOException {
        try (InputStream bpmn = SopConformanceTest.class.getResourceAsStream("/bpmn/sop-presale.bpmn")) {
            sop = new SopConformance(SopFlow.fromBpmn(bpmn));
        }
    }

    @Test
    void theFlowIsReadFromTheBpmnInSequenceWithEachStagesKeywords() {
        assertThat(sop.flow().id()).isEqualTo("sop-presale");
        assertThat(sop.flow().stages()).extracting(SopFlow.Stage::label)
                .containsExactly("开场问候", "需求挖掘", "产品推荐", "异议处理", "礼貌结束");
        assertThat(sop.flow().stages().get(3).keywords()).containsExactly("您放心", "理解您的顾虑", "性价比", "保修");
    }

    @Test
    void aDialogueFollowingTheSopConformsAndEachAgentTurnIsLabelled() {
        SopReport report = sop.check(dialogue("ok-1",
                "customer", "在吗？我想买个热水器",
                "agent", "您好，欢迎光临，很高兴为您服务",
                "customer", "家里用的",
                "agent", "请问您家里几口人？预算大概多少？",
                "agent", "好的，明白",
                "customer", "三口人，两千左右",
                "agent", "推荐您这款60升的，比较适合您",
                "customer", "会不会太贵了，您放心我再看看",
                "agent", "理解您的顾虑，这款性价比很高，还有三年保修",
                "agent", "感谢您的咨询，祝您生活愉快，再见"));

        assertThat(report.conforms()).isTrue();
        assertThat(report.labels()).extracting(LabelledTurn::turn, LabelledTurn::stage).containsExactly(
                tuple(1, "开场问候"), tuple(3, "需求挖掘"), tuple(6, "产品推荐"), tuple(8, "异议处理"), tuple(9, "礼貌结束"));
        assertThat(report.labels().get(3).keywords()).containsExactly("理解您的顾虑", "性价比", "保修");
    }

    @Test
    void missingStagesAreReported() {
        SopReport report = sop.check(dialogue("miss-1",
                "customer", "这个热水器多少钱",
                "agent", "推荐您这款，比较适合您",
                "customer", "好的我下单了"));

        assertThat(report.deviations()).extracting(Deviation::kind, Deviation::stage, Deviation::turn).containsExactly(
                tuple(Kind.MISSING, "开场问候", null), tuple(Kind.MISSING, "需求挖掘", null),
                tuple(Kind.MISSING, "异议处理", null), tuple(Kind.MISSING, "礼貌结束", null));
        assertThat(report.deviations().get(0).detail()).isEqualTo("no agent turn has any of [您好, 欢迎光临, 很高兴为您服务]");
    }

    @Test
    void aStageThatComesTooLateIsOutOfOrderWithItsTurnAsEvidence() {
        SopReport report = sop.check(dialogue("order-1",
                "agent", "您好，欢迎光临",
                "customer", "我要买热水器",
                "agent", "推荐您这款，卖得最好",
                "customer", "我家卫生间很小",
                "agent", "请问您想要多大的？预算多少？",
                "agent", "您放心，这款保修三年",
                "agent", "感谢您，再见"));

        assertThat(report.deviations()).containsExactly(new Deviation(Kind.OUT_OF_ORDER, "需求挖掘", 4,
                "请问您想要多大的？预算多少？", "需求挖掘 should come before 产品推荐 (turn 2)"));
    }

    @Test
    void aStageComingBackAfterAnotherIsRepeatedWithItsTurnAsEvidence() {
        SopReport report = sop.check(dialogue("again-1",
                "agent", "您好，欢迎光临",
                "agent", "很高兴为您服务",
                "agent", "请问您想要什么样的",
                "agent", "推荐您这款",
                "agent", "您好，您好，还在吗",
                "agent", "理解您的顾虑，性价比确实高",
                "agent", "感谢您，再见"));

        assertThat(report.labels()).extracting(LabelledTurn::stage)
                .containsExactly("开场问候", "开场问候", "需求挖掘", "产品推荐", "开场问候", "异议处理", "礼貌结束");
        assertThat(report.deviations()).containsExactly(new Deviation(Kind.REPEATED, "开场问候", 4, "您好，您好，还在吗",
                "开场问候 again after 产品推荐 (first at turn 0)"));
    }

    @Test
    void aTurnWithKeywordsOfTwoStagesTakesTheStageWithMoreMatches() {
        SopReport report = sop.check(dialogue("tie-1",
                "agent", "您好，推荐您这款，比较适合您"));

        assertThat(report.labels()).extracting(LabelledTurn::stage).containsExactly("产品推荐");
    }

    @Test
    void aBranchingProcessOrAStageWithoutKeywordsIsRefusedNamingTheElement() {
        String noKeywords = """
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
                  <bpmn:process id="p" isExecutable="false">
                    <bpmn:startEvent id="s" />
                    <bpmn:task id="a" name="开场" />
                    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
                  </bpmn:process>
                </bpmn:definitions>""";
        assertThatThrownBy(() -> SopFlow.fromBpmn(new ByteArrayInputStream(noKeywords.getBytes(StandardCharsets.UTF_8))))
                .hasMessageStartingWith("stage a (开场) has no keywords");
        String branching = noKeywords.replace("<bpmn:task id=\"a\" name=\"开场\" />",
                "<bpmn:task id=\"a\" name=\"开场\" /><bpmn:task id=\"b\" /><bpmn:sequenceFlow id=\"f2\" sourceRef=\"s\" targetRef=\"b\" />");
        assertThatThrownBy(() -> SopFlow.fromBpmn(new ByteArrayInputStream(branching.getBytes(StandardCharsets.UTF_8))))
                .hasMessage("an SOP is a sequence of stages: s has 2 outgoing flows");
    }

    private static Dialogue dialogue(String id, String... roleText) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < roleText.length; i += 2) {
            turns.add(new Turn(roleText[i], roleText[i + 1]));
        }
        return new Dialogue(id, "im", null, null, null, null, turns, null, null);
    }
}
