package io.parley.workflow.sop;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.workflow.sop.SopReport.Deviation;
import io.parley.workflow.sop.SopReport.Kind;
import io.parley.workflow.sop.SopReport.LabelledTurn;
import io.parley.workflow.sop.SopReport.StageResult;
import io.parley.workflow.sop.SopReport.Status;
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
        assertThat(report.score()).isEqualTo(100.0);
        assertThat(report.maxScore()).isEqualTo(100.0);
        assertThat(report.stages()).extracting(StageResult::status).containsOnly(Status.PASSED);
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
        // five stages without points: 20 each; only 产品推荐 passes
        assertThat(report.stages()).extracting(StageResult::stage, StageResult::status, StageResult::points, StageResult::awarded)
                .containsExactly(tuple("开场问候", Status.MISSING, 20.0, 0.0), tuple("需求挖掘", Status.MISSING, 20.0, 0.0),
                        tuple("产品推荐", Status.PASSED, 20.0, 20.0), tuple("异议处理", Status.MISSING, 20.0, 0.0),
                        tuple("礼貌结束", Status.MISSING, 20.0, 0.0));
        assertThat(report.score()).isEqualTo(20.0);
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
                "请问您想要多大的？预算多少？", "需求挖掘 should come before 产品推荐 (turn 3)"));
        assertThat(report.stages()).extracting(StageResult::status).containsExactly(
                Status.PASSED, Status.OUT_OF_ORDER, Status.PASSED, Status.PASSED, Status.PASSED);
        assertThat(report.score()).isEqualTo(80.0);
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
                "开场问候 again after 产品推荐 (first at turn 1)"));
        assertThat(report.stages()).extracting(StageResult::status).containsOnly(Status.PASSED);
        assertThat(report.score()).as("a repeated stage does not fail").isEqualTo(100.0);
    }

    @Test
    void stagesAreWorthTheirOwnPointsElseTheProcessesElseAnEqualShareOf100() {
        SopFlow own = flow("", "<camunda:property name=\"points\" value=\"40\" />", "", "");
        assertThat(own.stages()).extracting(SopFlow.Stage::points).containsExactly(40.0, 30.0, 30.0);
        SopReport report = new SopConformance(own).check(dialogue("points-1",
                "agent", "请问您想要什么", "agent", "您好"));
        // 开场 comes after 需求 (out of order, its 40 lost), 推荐 is missing (30 lost)
        assertThat(report.stages()).extracting(StageResult::stage, StageResult::status, StageResult::awarded)
                .containsExactly(tuple("开场", Status.OUT_OF_ORDER, 0.0), tuple("需求", Status.PASSED, 30.0),
                        tuple("推荐", Status.MISSING, 0.0));
        assertThat(report.score()).isEqualTo(30.0);
        assertThat(report.maxScore()).isEqualTo(100.0);

        SopFlow perProcess = flow("<bpmn:extensionElements><camunda:properties><camunda:property name=\"points\" value=\"10\" />"
                + "</camunda:properties></bpmn:extensionElements>", "", "", "<camunda:property name=\"points\" value=\"5\" />");
        assertThat(perProcess.stages()).extracting(SopFlow.Stage::points).containsExactly(10.0, 10.0, 5.0);
        assertThat(new SopConformance(perProcess).check(dialogue("points-2", "agent", "您好", "agent", "推荐您这款")).score())
                .isEqualTo(15.0);

        assertThatThrownBy(() -> flow("", "<camunda:property name=\"points\" value=\"many\" />", "", ""))
                .hasMessage("stage a: the points property must be a number of at least 0, was 'many'");
        assertThatThrownBy(() -> flow("", "<camunda:property name=\"points\" value=\"100\" />", "", ""))
                .hasMessageStartingWith("the stages with points already give 100.0 of 100.0, leaving nothing for the 2 without");
    }

    /** A three-stage flow 开场 → 需求 → 推荐 with extra process extension elements and extra properties per stage. */
    private static SopFlow flow(String processExtensions, String opening, String needs, String recommendation) {
        String bpmn = """
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
                  <bpmn:process id="p" isExecutable="false">%s
                    <bpmn:startEvent id="s" />
                    <bpmn:task id="a" name="开场"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="您好" />%s</camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:task id="b" name="需求"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="请问您" />%s</camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:task id="c" name="推荐"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="推荐您" />%s</camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
                    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />
                    <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c" />
                  </bpmn:process>
                </bpmn:definitions>""".formatted(processExtensions, opening, needs, recommendation);
        return SopFlow.fromBpmn(new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8)));
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
