//! 错误：缺了的结果用默认值 0 填上：f panic 时返回了一个“看起来完整”的 Vec
//! 期望：parallel_map 却正常返回了

use std::sync::mpsc;
use std::thread;

pub fn parallel_map(inputs: Vec<u64>, workers: usize, f: fn(u64) -> u64) -> Vec<u64> {
    let workers = workers.max(1);
    let len = inputs.len();
    let (tx, rx) = mpsc::channel::<(usize, u64)>();

    // 第 w 个工作线程负责下标 w, w + workers, w + 2 * workers, …
    let mut shares: Vec<Vec<(usize, u64)>> = vec![Vec::new(); workers];
    for (index, input) in inputs.into_iter().enumerate() {
        shares[index % workers].push((index, input));
    }
    for share in shares {
        let tx = tx.clone();
        thread::spawn(move || {
            for (index, input) in share {
                // 接收端活到所有结果都收到为止，所以发送不会失败。
                tx.send((index, f(input)))
                    .expect("the collector outlives the workers");
            }
        });
    }
    // 关键决定：drop 原始的 Sender。否则它一直活着，下面的 `for` 永远不会结束。
    drop(tx);

    let mut results = vec![None; len];
    for (index, output) in rx {
        results[index] = Some(output);
    }
    // 通道断开只说明工作线程都结束了：`f` panic 的线程什么也没发，它的位置还是 None。
    results
        .into_iter()
        .map(|result| result.unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests;
