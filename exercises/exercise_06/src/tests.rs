use super::word_frequencies;
use std::collections::HashMap;
use test_support::{deadline, HINT_SENDER_ALIVE};

fn sequential(texts: &[&str]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in texts.iter().flat_map(|t| t.split_whitespace()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

fn check(texts: Vec<String>, workers: usize) {
    let borrowed: Vec<&str> = texts.iter().map(String::as_str).collect();
    let got = word_frequencies(&borrowed, workers);
    let expected = sequential(&borrowed);
    if let Some(word) = got.keys().find(|word| !expected.contains_key(*word)) {
        panic!(
            "结果里有不该出现的词 {word:?}：是否忘了转小写，或者分词方式不对\
             （应按任意空白分词：split_whitespace，而不是 split(' ')）？"
        );
    }
    for (word, count) in &expected {
        assert_eq!(
            got.get(word),
            Some(count),
            "“{word}” 应出现 {count} 次：是不是有部分结果没有合并，或者合并时覆盖而不是累加？"
        );
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "结果里有多余的词（是否忘了转小写？）"
    );
}

#[test]
fn counts_words_across_texts() {
    deadline(HINT_SENDER_ALIVE, || {
        check(
            vec![
                "the cat".into(),
                "The dog".into(),
                "a cat and THE dog".into(),
            ],
            2,
        );
    });
}

#[test]
fn many_texts_many_workers() {
    deadline(HINT_SENDER_ALIVE, || {
        let texts = (0..200)
            .map(|i| format!("alpha beta{} gamma{} alpha", i % 7, i % 13))
            .collect();
        check(texts, 4);
    });
}

#[test]
fn more_workers_than_texts() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec!["one two".into(), "two".into()], 16)
    });
}

#[test]
fn no_texts() {
    deadline(HINT_SENDER_ALIVE, || {
        let outcome = std::panic::catch_unwind(|| word_frequencies(&[], 3));
        let Ok(counts) = outcome else {
            panic!(
                "没有文本时 word_frequencies panic 了：空切片算出的块长是 0，\
                 而 chunks(0) 会 panic——块长至少取 1"
            );
        };
        assert!(counts.is_empty(), "没有文本，结果应为空");
    });
}

#[test]
fn zero_workers_means_one_worker() {
    deadline(HINT_SENDER_ALIVE, || {
        let outcome = std::panic::catch_unwind(|| {
            check(vec!["zero workers".into(), "still count".into()], 0)
        });
        if outcome.is_err() {
            panic!(
                "workers 为 0 时 word_frequencies panic 了（或者结果不对）：规则是按 1 个工作线程处理\
                 （例如 `workers.max(1)`），不要拿 0 去做除数"
            );
        }
    });
}

#[test]
fn whitespace_of_any_kind_separates_words() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec!["tab\tseparated\nlines  and   spaces".into()], 1);
    });
}
