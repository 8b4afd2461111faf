//! 错误：工作线程没有 catch_unwind：一个 panic 的任务带走了整个工作线程
//! 期望：catch_unwind
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::panic::{self, AssertUnwindSafe};
use std::thread::{self, JoinHandle};

pub type Job = Box<dyn FnOnce() + Send + 'static>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    Drain,
    Abort,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub completed: usize,
    pub panicked: usize,
    pub discarded: usize,
}

#[derive(Debug)]
pub struct Pool {
    jobs: Sender<Job>,
    queue: Receiver<Job>,
    workers: Vec<JoinHandle<Report>>,
}

// ANCHOR: solution
impl Pool {
    pub fn new(workers: usize) -> Pool {
        let (jobs, queue) = unbounded::<Job>();
        let workers = (0..workers.max(1))
            .map(|_| {
                let queue = queue.clone();
                thread::spawn(move || work(queue))
            })
            .collect();
        Pool {
            jobs,
            queue,
            workers,
        }
    }

    pub fn submit<F>(&self, job: F)
    where
        F: FnOnce() + Send + 'static,
    {
        // Pool 自己也拿着一个 Receiver，通道在 Pool 活着时不会断开，所以发送不会失败。
        self.jobs
            .send(Box::new(job))
            .expect("the pool holds a receiver");
    }

    pub fn shutdown(self, mode: Shutdown) -> Report {
        let Pool {
            jobs,
            queue,
            workers,
        } = self;
        // 关键决定：先 drop 唯一的 Sender。此后队列只出不进，工作线程取空队列后 `for` 就结束——
        // 这就是 Drain。Abort 只多一步：趁工作线程还没取到，把剩下的任务先取出来 drop 掉。
        drop(jobs);
        let mut report = Report::default();
        if mode == Shutdown::Abort {
            for job in queue.try_iter() {
                // drop 一个任务，也就释放了它捕获的一切（比如等着回复的调用者的 Sender）。
                drop(job);
                report.discarded += 1;
            }
        }
        drop(queue);
        for worker in workers {
            let done = worker
                .join()
                .expect("a worker catches the panics of its jobs");
            report.completed += done.completed;
            report.panicked += done.panicked;
        }
        report
    }
}

fn work(queue: Receiver<Job>) -> Report {
    let mut report = Report::default();
    for job in queue {
        // 任务 panic 时，catch_unwind 把它拦在这里：这个工作线程活下来，继续取下一个任务。
        job();
        report.completed += 1;
    }
    report
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
