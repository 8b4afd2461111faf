//! 练习 21：找出死锁，修好它
//!
//! [`process_all`] 把输入逐个交给一个工作线程处理，再按原来的顺序收回结果。两条通道都是
//! 容量为 [`CAPACITY`] 的有界通道。输入少的时候它工作正常；输入一多，它就**永远卡住**。
//!
//! 找出是谁在等谁，然后修好它：
//!
//! * 输入 `n` 个，就返回 `n` 个结果，`results[i] == work(第 i 个输入)`；
//! * 任务队列保持有界（`bounded(CAPACITY)`）：工作线程忙不过来时，读取输入的一方必须等，
//!   不能先把输入全部读进内存；
//! * 函数返回时，它启动的线程都已结束。
//!
//! 运行测试：`cargo test -p exercise_21`

use crossbeam_channel::{bounded, Sender};
use std::thread;

/// 两条通道的容量。
pub const CAPACITY: usize = 4;

/// 用一个工作线程对每个输入调用 `work`，按输入的顺序返回结果。
pub fn process_all<I, W>(inputs: I, work: W) -> Vec<u64>
where
    I: Iterator<Item = u64> + Send + 'static,
    W: Fn(u64) -> u64 + Send + 'static,
{
    let (job_tx, job_rx) = bounded::<u64>(CAPACITY);
    let (result_tx, result_rx) = bounded::<u64>(CAPACITY);

    let worker = thread::spawn(move || {
        for n in job_rx {
            result_tx.send(work(n)).unwrap();
        }
    });

    // TODO: 输入超过 2 × CAPACITY + 1 个时，下面这个循环会卡在 send 上。
    //       此刻工作线程在做什么？结果队列满了吗？谁会去读结果队列？
    // TODO: 把“送输入”交给 feed，并让它在另一个线程里运行，好让这个线程同时读结果。
    for n in inputs {
        job_tx.send(n).unwrap();
    }
    drop(job_tx);

    let results = result_rx.iter().collect();
    worker.join().unwrap();
    results
}

/// 把 `inputs` 逐个送进任务队列；送完之后，任务队列的 Sender 随 `jobs` 一起被 drop。
#[allow(dead_code)] // 在 process_all 里用上它之后，可以删掉这一行。
fn feed<I>(inputs: I, jobs: Sender<u64>)
where
    I: Iterator<Item = u64>,
{
    // TODO: 工作线程已经退出时（接收端没了），send 会返回 Err：这里该怎么办？
    let _ = (inputs, jobs);
    todo!("把每个输入 send 进任务队列")
}

#[cfg(test)]
mod tests;
