use super::*;
use crate::templates::{ButtonSpec, HeaderSpec};

fn entry(body: &str) -> TemplateSpec {
    TemplateSpec {
        name: " order_ready ".into(),
        gateway_id: Some("41882".into()),
        language: "ru".into(),
        category: None,
        header: None,
        body: body.into(),
        footer: Some("  ".into()),
        buttons: vec![],
        params: vec![Some("contact.name".into()), None],
    }
}

fn keys(spec: TemplateSpec) -> Vec<String> {
    problems(&tidy(spec)).into_iter().map(|p| p.key).collect()
}

#[test]
fn a_good_entry_is_tidied_and_has_no_problems() {
    let spec = tidy(entry("Здравствуйте, {{1}}! Заказ {{2}} готов."));
    assert_eq!(spec.name, "order_ready");
    assert_eq!(spec.footer, None, "an empty footer is none");
    assert_eq!(
        spec.params,
        [Some("contact.name".to_owned())],
        "trailing unmapped dropped"
    );
    assert!(problems(&spec).is_empty(), "{:?}", problems(&spec));
}

#[test]
fn every_problem_of_an_entry_is_said() {
    let mut bad = entry("Hi {{1}} and {{3}}");
    bad.language = "russian".into();
    bad.header = Some(HeaderSpec {
        kind: HeaderKind::Text,
        text: Some("Order {{2}}".into()),
    });
    bad.buttons = vec![
        ButtonSpec {
            kind: ButtonSpecKind::Url,
            text: "Track".into(),
            url: Some("http://shop.example/{{1}}".into()),
            phone_number: None,
        },
        ButtonSpec {
            kind: ButtonSpecKind::PhoneNumber,
            text: "".into(),
            url: None,
            phone_number: None,
        },
    ];
    bad.params = vec![Some("contact.name".into()), Some("weather".into())];
    assert_eq!(
        keys(bad),
        [
            "templates.language_bad",
            "templates.placeholders_gap",
            "templates.header_placeholders",
            "templates.button_url_bad",
            "templates.button_text_bad",
            "templates.button_phone_bad",
            "templates.param_source_bad",
        ]
    );
    assert_eq!(
        keys(entry("")),
        ["templates.body_empty", "templates.param_sources_extra"]
    );
}

#[test]
fn files_are_an_object_with_templates_or_a_bare_list() {
    let one = r#"{"name": "a", "language": "ru", "body": "x"}"#;
    assert_eq!(
        read_file(&format!("{{\"templates\": [{one}]}}")).map(|e| e.len()),
        Ok(1)
    );
    assert_eq!(
        read_file(&format!("[{one}, {{\"name\": 5}}]")).map(|e| e.len()),
        Ok(2)
    );
    let entries = read_file(&format!("[{one}, {{\"name\": 5}}]")).unwrap_or_default();
    assert!(
        entries[1].is_err(),
        "a malformed entry is that entry's problem"
    );
    for bad in ["", "{", "42", "{\"other\": []}", "<html>"] {
        let error = read_file(bad).expect_err(bad);
        assert_eq!(error.key, "templates.import_not_json", "{bad}");
    }
    let many = format!("[{}]", vec![one; MAX_IMPORT + 1].join(","));
    assert_eq!(
        read_file(&many).map(|e| e.len()).expect_err("too many").key,
        "templates.import_too_large"
    );
}
