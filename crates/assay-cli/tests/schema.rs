//! The published JSON Schemas (`docs/schema/`) describe what assay writes:
//! real `assay score` and `assay batch` output is checked against them,
//! errors and all.

use std::fs;

mod util;

use serde_json::Value;
use util::{assay, repo};

fn schema(name: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(repo(&format!("docs/schema/{name}"))).unwrap())
        .unwrap()
}

/// Validates `instance` against `validator`, listing every error.
fn check(validator: &jsonschema::Validator, instance: &Value) {
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

#[test]
fn score_output_matches_its_schema_with_and_without_the_semantic_matcher() {
    let validator = jsonschema::validator_for(&schema("score.schema.json")).unwrap();
    let answers = [
        ("suicidal-thoughts", "I would promise to keep it secret between us."),
        ("active-listening", "I listen, nod and say back what I heard, and I never interrupt."),
        ("de-escalation", ""),
    ];
    for semantic in [false, true] {
        for (question, answer) in answers {
            let mut cmd = assay();
            if semantic {
                cmd.arg("--semantic");
            }
            let out =
                cmd.args(["score", "-q", question, "--format", "json", answer]).assert().success();
            let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
            check(&validator, &json);
        }
    }
    // A field the schema does not know is refused: the schema is strict.
    let mut json: Value = serde_json::from_slice(
        &assay()
            .args(["score", "-q", "active-listening", "--format", "json", "I listen."])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    json["surprise"] = Value::Bool(true);
    assert!(!validator.is_valid(&json));
}

#[test]
fn batch_rows_match_their_schema_scores_and_errors_alike() {
    let score = schema("score.schema.json");
    let id = score["$id"].as_str().unwrap().to_owned();
    let validator = jsonschema::options()
        .with_resource(id, jsonschema::Resource::from_contents(score).unwrap())
        .build(&schema("batch-row.schema.json"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    fs::write(
        &input,
        "candidate_id,question_id,answer,cohort\n\
         a,active-listening,I do not really listen. I listen and reflect back what I hear.,spring\n\
         b,no-such-question,Some answer.,spring\n\
         c,de-escalation,,autumn\n",
    )
    .unwrap();
    for detail in ["compact", "full"] {
        let out = dir.path().join(format!("{detail}.jsonl"));
        let mut batch = assay();
        batch.arg("batch").arg(&input).arg("-o").arg(&out).args(["--detail", detail]);
        batch.assert().code(1);
        let rows: Vec<Value> = fs::read_to_string(&out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 3);
        assert!(rows[1]["error"].is_string());
        // A compact row names no rubric text; a full one carries it.
        assert_eq!(rows[0]["levels"].is_array(), detail == "full", "{detail}");
        if detail == "compact" {
            // Evidence is byte ranges, overlapping ones merged ("listen"
            // and "listen and reflect back"); what a negation cancelled is
            // listed apart.
            let listening = &rows[0]["concepts"][0];
            assert_eq!(listening["id"], "active-listening");
            assert_eq!(listening["negated"], serde_json::json!([[9, 22]]));
            assert_eq!(listening["evidence"], serde_json::json!([[26, 49]]));
        }
        assert_eq!(rows[0]["concepts"][0]["name"].is_string(), detail == "full", "{detail}");
        for row in &rows {
            check(&validator, row);
        }
    }
}

#[test]
fn a_full_batch_row_holds_what_assay_score_prints() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let answer = "I would stay with them and ask directly about suicide and call the crisis team.";
    fs::write(&input, format!("candidate_id,question_id,answer\na,suicidal-thoughts,{answer}\n"))
        .unwrap();
    let out = dir.path().join("out.jsonl");
    let mut batch = assay();
    batch.arg("batch").arg(&input).arg("-o").arg(&out).args(["--detail", "full", "--exemplars"]);
    batch.assert().success();
    let mut row: Value = serde_json::from_str(fs::read_to_string(&out).unwrap().trim()).unwrap();
    let object = row.as_object_mut().unwrap();
    for key in ["row", "line", "candidate_id", "question_id"] {
        object.remove(key);
    }
    let score = assay()
        .args(["score", "--format", "json", "-q", "suicidal-thoughts", answer])
        .assert()
        .success();
    let printed: Value = serde_json::from_slice(&score.get_output().stdout).unwrap();
    assert_eq!(row, printed);
}
