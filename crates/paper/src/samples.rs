//! Sample facts for every kind (tests, the bench, the screenshots in docs/). A made-up applicant;
//! the ID is masked as every document masks it.

use crate::model::{DocKind, Facts, Item};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Facts for `kind` as a case that has all of them would carry.
pub fn facts(kind: DocKind) -> Facts {
    let mut f = Facts {
        bureau: "南京市应急管理局".into(),
        number: format!(
            "宁{}〔2026〕12号",
            crate::template::Templates::shipped()
                .ok()
                .and_then(|t| t.get(kind).ok().map(|t| t.prefix.clone()))
                .unwrap_or_default()
        ),
        case_number: "XK-20261206-0007".into(),
        qr_payload: "CERTDESK:CASE:XK-20261206-0007".into(),
        applicant: "南京金陵化工储运有限公司（经办人王晓明）".into(),
        applicant_id_masked: "3201**********1234".into(),
        phone_masked: "138****5678".into(),
        matter: "危险化学品经营许可证（带有储存设施）核发".into(),
        issued_on: day(2026, 12, 6),
        received_on: Some(day(2026, 12, 4)),
        accepted_on: Some(day(2026, 12, 6)),
        statutory_due: Some(day(2027, 1, 5)),
        committed_due: Some(day(2026, 12, 25)),
        provisional: true,
        correction_due: Some(day(2026, 12, 21)),
        items: vec![
            Item {
                name: "安全评价报告".into(),
                problem: "评价机构资质证书复印件未加盖机构公章，报告第37页结论页缺少项目负责人签字".into(),
                fix: "提交加盖评价机构公章的资质证书复印件和签字完整的报告原件".into(),
            },
            Item {
                name: "主要负责人安全生产知识和管理能力考核合格证".into(),
                problem: "证书已于2026年11月30日过期".into(),
                fix: "提交有效期内的考核合格证复印件（验原件）".into(),
            },
            Item {
                name: "储存设施（罐区）平面布置图".into(),
                problem: "未标注与周边建筑物的安全距离（GB 50160）".into(),
                fix: "由设计单位补充标注后盖章提交".into(),
            },
        ],
        reasons: vec![
            "申请人储存设施与居民区的安全距离不符合《危险化学品经营企业安全技术基本要求》（GB 18265）的规定".into(),
            "经现场核查，应急救援器材配备不足，未达到申请材料所述标准".into(),
        ],
        apply_instead: None,
        review_authority: "南京市人民政府".into(),
        court: "南京铁路运输法院".into(),
        pledged_proof: Some("“近三年内未发生生产安全死亡事故”的证明".into()),
        pledge_due: Some(day(2027, 1, 5)),
        extension_days: Some(10),
        extended_due: Some(day(2027, 1, 19)),
        special_procedure: Some("专家评审和现场核查".into()),
        special_days: Some(15),
        served_document: Some("受理通知书（宁应急许受〔2026〕12号）".into()),
        served_how: Some("直接送达".into()),
        served_on: Some(day(2026, 12, 6)),
        visit_on: Some(day(2026, 12, 28)),
        visit_how: Some("电话回访".into()),
        visit_notes: Some("申请人对窗口办理时限和服务态度表示满意，建议增加材料清单的网上预审。".into()),
        approver: Some("王强".into()),
        stops: vec!["专家评审：2026年12月14日至2026年12月18日（告知所需时间15日）".into()],
        staff: "李娜".into(),
        bureau_phone: "025-12345678".into(),
    };
    if kind == DocKind::Refusal {
        f.reasons = vec!["申请事项为烟花爆竹批发许可，依法不属于本机关职权范围".into()];
        f.apply_instead = Some("江苏省应急管理厅".into());
    }
    if kind == DocKind::RongquePledge {
        f.items.truncate(1);
    }
    if kind == DocKind::Extension {
        f.reasons = vec!["需对储罐区安全设施进行现场核查，涉及单位较多".into()];
    }
    if kind == DocKind::Special {
        f.reasons = vec![];
    }
    f
}
