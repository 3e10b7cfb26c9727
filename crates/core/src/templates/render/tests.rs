use super::*;
use crate::templates::{ButtonSpec, HeaderSpec, TemplateCategory, TemplateSource, TemplateSpec};
use crate::time::Timestamp;

fn spec(body: &str) -> TemplateSpec {
    TemplateSpec {
        name: "order_ready".into(),
        gateway_id: None,
        language: "ru".into(),
        category: None,
        header: None,
        body: body.into(),
        footer: Some("Shop".into()),
        buttons: vec![],
        params: vec![],
    }
}

fn template(spec: TemplateSpec) -> Template {
    Template::from_spec(
        1,
        1,
        TemplateSource::Registered,
        TemplateStatus::Approved,
        TemplateCategory::Utility,
        spec,
        Timestamp::from_millis(0),
    )
}

fn params(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn fields(problems: &[FieldProblem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.field.clone(), p.phrase.key.clone()))
        .collect()
}

#[test]
fn placeholders_are_numbers_in_double_braces() {
    assert_eq!(
        placeholders("Hi {{1}}, {{ 2 }} {{x}} {{{3}}} {{}} {{2"),
        [1, 2, 3]
    );
    assert_eq!(
        fill("{{1}} and {{2}} and {{1}}", &params(&["a", ""])),
        "a and {{2}} and a"
    );
    assert_eq!(
        fill("{{3}}", &params(&["a"])),
        "{{3}}",
        "a value not given stays"
    );
}

#[test]
fn expects_counts_each_kind_of_parameter() {
    let mut s = spec("Hi {{1}}, order {{2}} is ready; {{1}} again");
    s.header = Some(HeaderSpec {
        kind: HeaderKind::Text,
        text: Some("Order {{1}}".into()),
    });
    s.buttons = vec![
        ButtonSpec {
            kind: ButtonSpecKind::QuickReply,
            text: "Thanks".into(),
            url: None,
            phone_number: None,
        },
        ButtonSpec {
            kind: ButtonSpecKind::Url,
            text: "Track".into(),
            url: Some("https://shop.example/t/{{1}}".into()),
            phone_number: None,
        },
        ButtonSpec {
            kind: ButtonSpecKind::Url,
            text: "Site".into(),
            url: Some("https://shop.example/".into()),
            phone_number: None,
        },
    ];
    let e = expects(&s);
    assert_eq!(e.body, 2);
    assert_eq!(e.header, Some(HeaderKind::Text));
    assert_eq!(
        e.buttons,
        [1],
        "only the URL button whose link has a placeholder"
    );
    s.header = Some(HeaderSpec {
        kind: HeaderKind::Text,
        text: Some("Fixed".into()),
    });
    assert_eq!(
        expects(&s).header,
        None,
        "a fixed text header takes nothing"
    );
    s.header = Some(HeaderSpec {
        kind: HeaderKind::Image,
        text: None,
    });
    assert_eq!(expects(&s).header, Some(HeaderKind::Image));
}

#[test]
fn the_rendering_is_what_the_customer_sees() {
    let mut s = spec("Здравствуйте, {{1}}! Заказ {{2}} готов.");
    s.header = Some(HeaderSpec {
        kind: HeaderKind::Text,
        text: Some("Заказ {{1}}".into()),
    });
    s.buttons = vec![ButtonSpec {
        kind: ButtonSpecKind::Url,
        text: "Track".into(),
        url: Some("https://shop.example/t/{{1}}".into()),
        phone_number: None,
    }];
    let t = template(s);
    let header = TemplateHeader::Text { text: "A-7".into() };
    let buttons = [TemplateButton {
        index: 0,
        sub_type: ButtonKind::Url,
        value: "A-7".into(),
    }];
    let p = params(&["Анна", "A-7"]);
    let filled = Filled {
        params: &p,
        header: Some(&header),
        buttons: &buttons,
    };
    let r = render(&t, filled);
    assert_eq!(r.body, "Здравствуйте, Анна! Заказ A-7 готов.");
    assert_eq!(r.header.and_then(|h| h.text).as_deref(), Some("Заказ A-7"));
    assert_eq!(r.footer.as_deref(), Some("Shop"));
    assert_eq!(
        r.buttons[0].url.as_deref(),
        Some("https://shop.example/t/A-7")
    );
    assert!(
        problems(&t, filled).is_empty(),
        "{:?}",
        problems(&t, filled)
    );
}

#[test]
fn missing_extra_and_empty_values_are_said_on_their_fields() {
    let mut s = spec("Hi {{1}}, order {{2}}");
    s.header = Some(HeaderSpec {
        kind: HeaderKind::Image,
        text: None,
    });
    let t = template(s);
    let p = params(&["Ann", " ", "extra"]);
    let wrong_button = [TemplateButton {
        index: 3,
        sub_type: ButtonKind::Url,
        value: "x".into(),
    }];
    let found = problems(
        &t,
        Filled {
            params: &p,
            header: None,
            buttons: &wrong_button,
        },
    );
    assert_eq!(
        fields(&found),
        [
            ("params".into(), "templates.params_count".into()),
            ("params.1".into(), "templates.param_empty".into()),
            ("header".into(), "templates.header_needed".into()),
            ("buttons.3".into(), "templates.button_not_dynamic".into()),
        ]
    );
    let text = TemplateHeader::Text { text: "hi".into() };
    let found = problems(
        &t,
        Filled {
            params: &params(&["Ann", "7"]),
            header: Some(&text),
            buttons: &[],
        },
    );
    assert_eq!(
        fields(&found),
        [("header".into(), "templates.header_kind".into())]
    );
}

#[test]
fn a_template_not_approved_or_too_long_when_filled_is_refused() {
    let mut t = template(spec("{{1}}"));
    t.status = TemplateStatus::Paused;
    let long = "я".repeat(MAX_BODY_CHARS + 1);
    let p = vec![long];
    let found = problems(
        &t,
        Filled {
            params: &p,
            header: None,
            buttons: &[],
        },
    );
    assert_eq!(
        fields(&found),
        [
            ("template".into(), "templates.not_approved".into()),
            ("params".into(), "templates.body_rendered_too_long".into()),
        ]
    );
    assert_eq!(
        found[0].phrase.text,
        "order_ready is paused at the gateway: only approved templates can be sent"
    );
}
