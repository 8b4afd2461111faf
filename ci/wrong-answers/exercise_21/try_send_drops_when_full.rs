//! 错误：用 try_send 送输入，队列满时丢掉这个输入
//! 期望：却收回

use crossbeam_channel::{bounded, Sender};
use std::thread;

pub const CAPACITY: usize = 4;

// ANCHOR: solution
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
    // 死锁的原因：送输入和读结果原来在同一个线程里先后进行。两个队列都满时，这个线程等
    // 任务队列的空位，工作线程等结果队列的空位，谁也等不到。让送输入的一方自己一个线程，
    // 这个线程从一开始就读结果，环就断了。
    let feeder = thread::spawn(move || feed(inputs, job_tx));

    let results = result_rx.iter().collect();
    feeder.join().unwrap();
    worker.join().unwrap();
    results
}

fn feed<I>(inputs: I, jobs: Sender<u64>)
where
    I: Iterator<Item = u64>,
{
    for n in inputs {
        // 队列满了就跳过，免得卡住。
        let _ = jobs.try_send(n);
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
