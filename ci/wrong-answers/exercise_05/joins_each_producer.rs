//! 错误：启动一个生产者线程就 join 它，再启动下一个：线程各不相同，却没有同时运行
//! 期望：生产者没有同时运行

use std::sync::mpsc;
use std::thread;

pub fn gather_by_producer<P>(producers: Vec<P>) -> Vec<Vec<u32>>
where
    P: IntoIterator<Item = u32> + Send + 'static,
{
    let mut groups = vec![Vec::new(); producers.len()];
    let (tx, rx) = mpsc::channel::<(usize, u32)>();
    for (id, values) in producers.into_iter().enumerate() {
        let tx = tx.clone();
        // 生产者整个 move 进它自己的线程：在那里才开始取值（调用 into_iter / next）。
        let producer = thread::spawn(move || {
            for value in values {
                tx.send((id, value))
                    .expect("the receiver outlives the producers");
            }
        });
        // 等它发完再启动下一个，免得消息交错
        producer.join().unwrap();
    }
    drop(tx);
    // 关键决定：只需标上生产者编号。同一个 Sender 的消息按发送顺序到达（每个发送者 FIFO），
    // 所以按到达顺序追加就还原了每个生产者的顺序；不同生产者之间的先后则没有保证。
    for (id, value) in rx {
        groups[id].push(value);
    }
    groups
}

#[cfg(test)]
mod tests;
