//! 错误：原始的 result_tx 没有 drop，而是留给了收集者线程：收集者的循环永远等不到断开
//! 期望：Sender 没有被 drop
use crossbeam_channel::{unbounded, Receiver};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread;

#[derive(Debug)]
pub struct Reorder<T> {
    next: u64,
    waiting: BTreeMap<u64, T>,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> Reorder<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

// ANCHOR: solution
impl<T> Reorder<T> {
    pub fn push(&mut self, seq: u64, value: T) -> Vec<T> {
        self.waiting.insert(seq, value);
        // 关键决定：只要“下一个该发的”已经在缓冲区里，就立刻放出它，再看下一个。
        // 不等收齐，也不排序：每个值在它前面的值都放出之后马上放出。
        let mut ready = Vec::new();
        while let Some(value) = self.waiting.remove(&self.next) {
            ready.push(value);
            self.next += 1;
        }
        ready
    }
}

pub fn ordered_map<T, U, F>(inputs: Vec<T>, workers: usize, f: F) -> Receiver<U>
where
    T: Send + 'static,
    U: Send + 'static,
    F: Fn(T) -> U + Send + Sync + 'static,
{
    let (job_tx, job_rx) = unbounded::<(u64, T)>();
    let (result_tx, result_rx) = unbounded::<(u64, U)>();
    let (output_tx, output_rx) = unbounded();

    // 扇出：给每个输入编上序号，放进共享的任务队列；每个任务只会被一个工作线程取走。
    for (seq, input) in (0u64..).zip(inputs) {
        job_tx.send((seq, input)).expect("job_rx is alive");
    }
    drop(job_tx);

    let f = Arc::new(f);
    for _ in 0..workers.max(1) {
        let (jobs, results, f) = (job_rx.clone(), result_tx.clone(), Arc::clone(&f));
        thread::spawn(move || {
            for (seq, input) in jobs {
                if results.send((seq, f(input))).is_err() {
                    break;
                }
            }
        });
    }
    // 扇入：工作线程各有一份 result_tx 的 clone；原始的这份必须 drop，收集者的循环才会结束。
    thread::spawn(move || {
        let _spare = result_tx;
        let mut reorder = Reorder::new();
        for (seq, value) in result_rx {
            for ready in reorder.push(seq, value) {
                if output_tx.send(ready).is_err() {
                    return;
                }
            }
        }
    });
    output_rx
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
