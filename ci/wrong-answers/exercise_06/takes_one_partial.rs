//! 错误：只 recv 了一次：只合并了第一个到达的部分结果
//! 期望：应出现

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;

pub fn word_frequencies(texts: &[&str], workers: usize) -> HashMap<String, usize> {
    let chunk_len = texts.len().div_ceil(workers.max(1)).max(1);
    let (tx, rx) = mpsc::channel::<HashMap<String, usize>>();
    thread::scope(|scope| {
        for chunk in texts.chunks(chunk_len) {
            let tx = tx.clone();
            // 作用域线程可以借用 `chunk`：scope 返回之前，它保证所有线程都已结束。
            scope.spawn(move || {
                let mut partial = HashMap::new();
                for word in chunk.iter().flat_map(|text| text.split_whitespace()) {
                    *partial.entry(word.to_lowercase()).or_insert(0) += 1;
                }
                tx.send(partial)
                    .expect("the receiver lives until every worker is done");
            });
        }
    });
    // 关键决定：先 drop 原始 Sender，再接收。scope 结束时工作线程的 Sender 都已 drop，
    // 只剩这一个；它不 drop，下面的 `for` 就永远等下去。
    drop(tx);
    let mut total = HashMap::new();
    if let Ok(partial) = rx.recv() {
        for (word, count) in partial {
            *total.entry(word).or_insert(0) += count;
        }
    }
    total
}

#[cfg(test)]
mod tests;
