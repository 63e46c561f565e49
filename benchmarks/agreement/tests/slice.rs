//! The suite's whole path on a small generated slice in the datasets'
//! layouts (no dataset file is read or committed): every task is learned,
//! written, loaded back and measured, and `results.json` lists them.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Replies in EPITOME's shape: warm ones, questions, and plain ones.
fn write_epitome(dir: &Path) {
    let base = dir.join("epitome");
    fs::create_dir_all(&base).unwrap();
    let replies = [
        ("I'm so sorry you are going through this, sending hugs.", [2, 0, 0]),
        ("That sounds really hard, I feel for you.", [1, 1, 0]),
        ("I went through the same thing last year and it got better.", [0, 2, 0]),
        ("What happened after you told her? How do you feel now?", [0, 0, 2]),
        ("Have you talked to anyone about it?", [0, 0, 1]),
        ("Try going for a run in the morning.", [0, 0, 0]),
        ("Read the sidebar for the rules.", [0, 0, 0]),
    ];
    let mut split = String::from("rp_id,split\n");
    let mut files = [String::new(), String::new(), String::new()];
    for file in &mut files {
        file.push_str("sp_id,rp_id,seeker_post,response_post,level,rationales\n");
    }
    for i in 0..140 {
        let (reply, levels) = replies[i % replies.len()];
        let id = format!("r{i}");
        writeln!(split, "{id},{}", if i % 5 == 0 { "test" } else { "train" }).unwrap();
        for (file, level) in files.iter_mut().zip(levels) {
            writeln!(file, "s{i},{id},\"I feel alone, post {i}\",\"{reply} ({i})\",{level},")
                .unwrap();
        }
    }
    fs::write(base.join("split.csv"), split).unwrap();
    let names =
        ["emotional-reactions-reddit.csv", "interpretations-reddit.csv", "explorations-reddit.csv"];
    for (name, text) in names.iter().zip(files) {
        fs::write(base.join(name), text).unwrap();
    }
}

/// Counsellor turns in AnnoMI's shape, one annotator each.
fn write_annomi(dir: &Path) {
    let base = dir.join("annomi");
    fs::create_dir_all(&base).unwrap();
    let turns = [
        ("So you feel stuck between the two.", "reflection", "n/a"),
        ("It sounds like drinking helps you relax.", "reflection", "n/a"),
        ("What would you like to change?", "question", "open"),
        ("How does that affect your family?", "question", "open"),
        ("Do you drink every day?", "question", "closed"),
        ("You could try cutting down at weekends.", "therapist_input", "n/a"),
    ];
    let mut simple = String::from("transcript_id,mi_quality,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text,main_therapist_behaviour,client_talk_type\n");
    let mut full = String::from("mi_quality,transcript_id,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text,annotator_id,therapist_input_exists,therapist_input_subtype,reflection_exists,reflection_subtype,question_exists,question_subtype,main_therapist_behaviour,client_talk_type\n");
    let mut split = String::from("transcript_id,split\n");
    for t in 0..12 {
        writeln!(split, "{t},{}", if t % 4 == 0 { "test" } else { "train" }).unwrap();
        for u in 0..18 {
            let (text, behaviour, subtype) = turns[(t + u) % turns.len()];
            writeln!(
                simple,
                "{t},high,v,u,topic,{u},therapist,00:00:01,\"{text}\",{behaviour},n/a"
            )
            .unwrap();
            writeln!(full, "high,{t},v,u,topic,{u},therapist,00:00:01,\"{text}\",0,,,,,,{subtype},{behaviour},n/a").unwrap();
            writeln!(
                simple,
                "{t},high,v,u,topic,{u}c,client,00:00:02,\"I don't know.\",n/a,neutral"
            )
            .unwrap();
        }
    }
    fs::write(base.join("AnnoMI-simple.csv"), simple).unwrap();
    fs::write(base.join("AnnoMI-full.csv"), full).unwrap();
    fs::write(base.join("split.csv"), split).unwrap();
}

/// Science answers in SemEval-2013's shape: two questions per corpus.
fn write_semeval(dir: &Path) {
    let base = dir.join("semeval2013-task7");
    fs::create_dir_all(&base).unwrap();
    let mut questions = String::from("corpus,split,question_id,module,question_text,n_reference_answers,reference_answers,reference_answer_ids,reference_answer_categories,source_file\n");
    let mut answers = String::from("corpus,split,question_id,answer_id,student_answer,label_3way,label_2way,beetle_count,beetle_answer_match\n");
    let cases = [
        ("Q1", "Why does the bulb light?", "the circuit is closed", "the bulb is broken"),
        ("Q2", "Why is the voltage zero?", "the terminals are connected", "the battery is big"),
    ];
    for corpus in ["sciEntsBank", "beetle"] {
        for (id, question, right, wrong) in cases {
            writeln!(questions, "{corpus},train,{id},m,{question},1,{right},r1,BEST,f").unwrap();
            for i in 0..40 {
                let split = if i % 4 == 0 { "test-unseen-answers" } else { "train" };
                let (text, label) =
                    if i % 2 == 0 { (right, "correct") } else { (wrong, "incorrect") };
                writeln!(answers, "{corpus},{split},{id},{id}.{i},{text} ({i}),{label},{label},,")
                    .unwrap();
            }
        }
    }
    fs::write(base.join("semeval2013_questions.csv"), questions).unwrap();
    fs::write(base.join("semeval2013_3way_answers.csv"), answers).unwrap();
}

/// Graded answers in Mohler's shape: four questions over two folds.
fn write_mohler(dir: &Path) {
    let base = dir.join("mohler");
    fs::create_dir_all(&base).unwrap();
    let mut flat = String::from("question_id,assignment,answer_index,included_in_published_work,question,reference_answer,student_answer,score_grader1_ta,score_grader2_mohler,grader_raw_scale_max,score_avg_0_5\n");
    let mut folds = String::from("question_id,fold\n");
    for q in 1..=4 {
        writeln!(folds, "1.{q},{}", q % 2).unwrap();
        for i in 0..10 {
            let (answer, score) =
                if i % 2 == 0 { ("a stack keeps items in order", 5) } else { ("no idea", 0) };
            writeln!(flat, "1.{q},1,{i},1,What is a stack?,A stack keeps items in last-in first-out order.,{answer} {i},{score},{score},5,{score}").unwrap();
        }
    }
    fs::write(base.join("mohler_flat.csv"), flat).unwrap();
    fs::write(base.join("folds.csv"), folds).unwrap();
}

#[test]
fn the_suite_learns_writes_loads_and_measures_every_task() {
    let dir = tempfile::tempdir().unwrap();
    let (datasets, out) = (dir.path().join("datasets"), dir.path().join("out"));
    write_epitome(&datasets);
    write_annomi(&datasets);
    write_semeval(&datasets);
    write_mohler(&datasets);
    let status = Command::new(env!("CARGO_BIN_EXE_assay-agreement"))
        .arg(&datasets)
        .arg(&out)
        .args(["--max-cues", "20"])
        .status()
        .unwrap();
    assert!(status.success());
    let results: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    let tasks: Vec<&str> =
        results.as_array().unwrap().iter().map(|r| r["task"].as_str().unwrap()).collect();
    assert_eq!(
        tasks,
        [
            "epitome-er-binary",
            "epitome-er-3class",
            "epitome-ip-binary",
            "epitome-ip-3class",
            "epitome-ex-binary",
            "epitome-ex-3class",
            "annomi-reflection",
            "annomi-open-question",
            "semeval-scientsbank-ua",
            "semeval-beetle-ua",
            "mohler-pearson"
        ]
    );
    for result in results.as_array().unwrap() {
        let value = result["value"].as_f64().unwrap();
        // The slice is easy: a learned rubric that works separates it.
        assert!(value > 0.8, "{result}");
    }
    let rubric =
        fs::read_to_string(out.join("epitome/rubrics/questions/epitome-ex-binary.toml")).unwrap();
    assert!(rubric.contains("\"?\""), "the question mark is learned as a cue:\n{rubric}");
}
