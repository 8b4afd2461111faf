use super::{spawn, DbError, CAPACITY};
use std::collections::HashMap;
use std::fmt::Debug;
use test_support::{deadline_async, within_rounds};
use tokio::task::{JoinHandle, JoinSet};

const HINT: &str =
    "测试没有结束：actor 的循环在 recv() 返回 None（所有 handle 都 drop 了）时有没有结束？\
                    调用者是不是在等一个永远不来的回复？检查每条命令是否都得到了回复";

type Actor = JoinHandle<HashMap<String, String>>;

/// 所有 handle drop 之后，正确的 actor 在几轮调度之内就结束；多给它一些余量。
const ROUNDS: u32 = 500;

/// 取出一次请求的结果。失败时看 actor 还在不在，说明最可能的原因。
async fn ok<T: Debug>(what: &str, result: Result<T, DbError>, actor: &mut Actor) -> T {
    let Err(DbError::Closed) = result else {
        return result.unwrap();
    };
    if !actor.is_finished() {
        panic!(
            "{what} 得到 Err(Closed)，但 actor 还在运行：是不是忘了 `.await` 发送命令的 future\
             （future 不 .await 就什么也不做，命令根本没有发出去）？或者 actor 没有回复就丢掉了 oneshot Sender？"
        );
    }
    match actor.await {
        Err(e) if e.is_panic() => panic!(
            "{what} 得到 Err(Closed)：actor panic 了。是不是 unwrap 了 reply.send(..) 的结果？\
             调用者放弃等待（超时、被取消）时回复会失败，这不是 actor 的错误：忽略它（`let _ = reply.send(..)`），继续服务别人"
        ),
        _ => panic!(
            "{what} 得到 Err(Closed)：actor 提前结束了，可测试还握着 handle。actor 要一直处理命令，\
             直到所有 handle 都 drop：用 `while let Some(cmd) = inbox.recv().await`"
        ),
    }
}

#[test]
fn set_then_get_sees_the_value() {
    deadline_async(HINT, || async {
        let (db, mut actor) = spawn();
        let old = ok("第一次 set", db.set("城市", "上海").await, &mut actor).await;
        assert_eq!(old, None, "第一次写入一个键，set 应当回复 None（没有旧值）");
        let value = ok("get", db.get("城市").await, &mut actor).await;
        assert_eq!(
            value.as_deref(),
            Some("上海"),
            "set 之后 get 应当读到刚写入的值"
        );
        let old = ok("第二次 set", db.set("城市", "北京").await, &mut actor).await;
        assert_eq!(
            old.as_deref(),
            Some("上海"),
            "覆盖写入时 set 应当回复被替换掉的旧值（HashMap::insert 的返回值）"
        );
        let value = ok("get", db.get("城市").await, &mut actor).await;
        assert_eq!(value.as_deref(), Some("北京"), "覆盖之后 get 应当读到新值");
    });
}

#[test]
fn a_missing_key_is_answered_with_none() {
    deadline_async(HINT, || async {
        let (db, mut actor) = spawn();
        ok("set", db.set("有", "1").await, &mut actor).await;
        match db.get("没有这个键").await {
            Ok(value) => assert_eq!(value, None, "读取不存在的键应当得到 Ok(None)"),
            Err(_) if !actor.is_finished() => panic!(
                "读取不存在的键得到了 Err(Closed)：actor 对每条命令都必须回复，\
                 结果是 None 也要 send(None)，不能不回复就丢掉 oneshot Sender"
            ),
            Err(e) => {
                ok("读取不存在的键", Err::<(), _>(e), &mut actor).await;
            }
        }
    });
}

#[test]
fn clones_share_one_actor() {
    deadline_async(HINT, || async {
        let (db, mut actor) = spawn();
        // 课程里的例子：两个任务各拿一个克隆的 handle 写数据，第三个任务读。
        let mut writers = JoinSet::new();
        for name in ["甲", "乙"] {
            let db = db.clone();
            writers.spawn(async move {
                for i in 0..3 {
                    db.set(&format!("{name}{i}"), &i.to_string()).await?;
                }
                Ok::<_, DbError>(())
            });
        }
        while let Some(done) = writers.join_next().await {
            let result = done.expect("写入任务 panic 了");
            ok("克隆的 handle 写入", result, &mut actor).await;
        }
        for name in ["甲", "乙"] {
            for i in 0..3 {
                let value = ok("get", db.get(&format!("{name}{i}")).await, &mut actor).await;
                assert_eq!(
                    value,
                    Some(i.to_string()),
                    "任务 {name} 通过克隆的 handle 写入的 {name}{i} 读不到：所有 handle 应当指向同一个 actor"
                );
            }
        }
    });
}

#[test]
fn many_callers_wait_for_room_in_the_queue() {
    deadline_async(HINT, || async {
        let (db, actor) = spawn();
        // 100 个任务几乎同时发请求，队列只有 CAPACITY 个位置。
        let mut callers = JoinSet::new();
        for i in 0..100 {
            let db = db.clone();
            callers.spawn(async move { db.set(&i.to_string(), "x").await });
        }
        let mut failed = 0;
        while let Some(done) = callers.join_next().await {
            if done.expect("调用者任务 panic 了").is_err() {
                failed += 1;
            }
        }
        assert_eq!(
            failed, 0,
            "100 个并发请求里有 {failed} 个失败（队列容量是 {CAPACITY}）：队列满时 `send(cmd).await` \
             会等待空位——这就是背压。不要用 try_send，它在队列满时直接失败；也别忘了 .await"
        );
        drop(db);
        let data = within_rounds(ROUNDS, actor)
            .await
            .expect("所有 handle 都 drop 了，actor 还没结束：recv() 返回 None 时要退出循环")
            .expect("actor panic 了");
        assert_eq!(
            data.len(),
            100,
            "100 个不同的键都写入了，最终的数据应当有 100 项"
        );
    });
}

#[test]
fn a_caller_that_gives_up_does_not_stop_the_actor() {
    deadline_async(HINT, || async {
        let (db, mut actor) = spawn();
        ok("set", db.set("键", "值").await, &mut actor).await;
        // 发出请求后立刻放弃：biased 的 select! 先轮询 get 一次（命令进了队列，开始等回复），
        // 第二个分支马上就绪，get 的 future 被 drop——就像调用者超时了。
        tokio::select! {
            biased;
            answer = db.get("键") => panic!(
                "actor 还没机会运行，get 不可能已经有结果，却得到了 {answer:?}：命令真的发出去了吗？"
            ),
            () = std::future::ready(()) => {}
        }
        let value = ok("调用者放弃之后的下一个 get", db.get("键").await, &mut actor).await;
        assert_eq!(value.as_deref(), Some("值"), "actor 应当照常回答后面的请求");
    });
}

#[test]
fn dropping_every_handle_stops_the_actor() {
    deadline_async(HINT, || async {
        let (db, mut actor) = spawn();
        let other = db.clone();
        ok("set", db.set("一", "1").await, &mut actor).await;
        ok("克隆的 handle set", other.set("二", "2").await, &mut actor).await;
        drop(db);
        drop(other);
        let data = match within_rounds(ROUNDS, actor).await {
            Some(Ok(data)) => data,
            Some(Err(e)) => panic!("actor 没有正常结束：{e}"),
            None => panic!(
                "所有 handle 都 drop 了，actor 还没有结束：recv() 返回 None 时要退出循环，返回数据；\
                 actor 自己也不能握着命令 Sender——`inbox.recv()` 只在所有 Sender 都 drop 之后才返回 None"
            ),
        };
        let expected: HashMap<String, String> = [("一", "1"), ("二", "2")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        assert_eq!(
            data, expected,
            "actor 结束时交出的数据应当是两次 set 的结果"
        );
    });
}

#[test]
fn a_dead_actor_means_closed_not_a_panic() {
    deadline_async(HINT, || async {
        let (db, actor) = spawn();
        actor.abort();
        // 等 actor 真的停下（被 abort 的任务以 JoinError 结束）。
        let _ = actor.await;
        let answers = tokio::spawn(async move { (db.get("键").await, db.set("键", "值").await) });
        match answers.await {
            Ok((get, set)) => {
                assert_eq!(
                    get,
                    Err(DbError::Closed),
                    "actor 已经不在，get 应当返回 Err(DbError::Closed)"
                );
                assert_eq!(
                    set,
                    Err(DbError::Closed),
                    "actor 已经不在，set 应当返回 Err(DbError::Closed)"
                );
            }
            Err(_) => panic!(
                "actor 已经不在时 get/set panic 了：发送失败、等回复失败都说明 actor 不在了，\
                 应当返回 Err(DbError::Closed)，而不是 unwrap"
            ),
        }
    });
}
