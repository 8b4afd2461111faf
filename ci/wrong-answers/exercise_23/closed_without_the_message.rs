//! 错误：关门后返回 Closed(0)，没有把被拒绝的消息还给调用者
//! 期望：Closed(42)

use crossbeam_channel::{bounded, Sender};
use std::sync::{Arc, RwLock};
use std::thread::{self, JoinHandle};

pub const QUEUE: usize = 16;

pub type Process = Arc<dyn Fn(u32) -> u64 + Send + Sync + 'static>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed(pub u32);

type Intake = Arc<RwLock<Option<Sender<u32>>>>;

#[derive(Debug, Clone)]
pub struct Handle {
    intake: Intake,
}

#[derive(Debug)]
pub struct Service {
    intake: Intake,
    workers: Vec<JoinHandle<()>>,
    sink: JoinHandle<Vec<(u32, u64)>>,
}

// ANCHOR: solution
impl Handle {
    pub fn submit(&self, msg: u32) -> Result<(), Closed> {
        // 读锁一直拿到 send 结束：关门的一方（写锁）要等正在进行的 submit 都结束，
        // 所以“返回 Ok 的消息”和“关门之前送进队列的消息”是同一批。
        let intake = self.intake.read().unwrap();
        match intake.as_ref() {
            Some(tx) => tx.send(msg).map_err(|refused| Closed(refused.into_inner())),
            None => Err(Closed(0)),
        }
    }
}

impl Service {
    pub fn start(workers: usize, process: Process) -> Service {
        let (tx, rx) = bounded::<u32>(QUEUE);
        let (out_tx, out_rx) = bounded::<(u32, u64)>(QUEUE);
        let workers = (0..workers.max(1))
            .map(|_| {
                let rx = rx.clone();
                let out_tx = out_tx.clone();
                let process = Arc::clone(&process);
                thread::spawn(move || {
                    for msg in rx {
                        if out_tx.send((msg, process(msg))).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        // 原始的 out_tx 必须 drop：sink 的循环要在“所有工作线程都结束”时结束。
        drop(out_tx);
        let sink = thread::spawn(move || out_rx.iter().collect());
        Service {
            intake: Arc::new(RwLock::new(Some(tx))),
            workers,
            sink,
        }
    }

    pub fn handle(&self) -> Handle {
        Handle {
            intake: Arc::clone(&self.intake),
        }
    }

    pub fn shutdown(self) -> Vec<(u32, u64)> {
        // ① 关门：拿走唯一的 Sender 并 drop。从此 submit 返回 Closed，队列只出不进。
        drop(self.intake.write().unwrap().take());
        // ② 排空：工作线程把队列取空后，`for msg in rx` 结束，线程退出。
        for worker in self.workers {
            worker.join().expect("工作线程 panic 了");
        }
        // ③ 收尾：所有工作线程的 out_tx 都已 drop，sink 收完最后一个结果就结束。
        self.sink.join().expect("sink 线程 panic 了")
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
