import time
def radio(at, prefix):
    return next(r for r in at.radio if r.key.startswith(prefix))
def test_explore(app, wid, store, shown):
    at = app("scoren", wid)
    at.button(key="as_group").click().run()
    print(at.exception, at.selectbox(key="score_who").value, [p.proto.text for p in at.get("progress")][:1], at.caption.values[-1][:80])
    r = radio(at, "s_groep_K01_wensen_")
    print(r.key, r.value, r.options)
    r.set_value(4).run()
    print(at.exception, store.load(wid).workshop.scores.get(("groep","K01","wensen"), "absent"), [p.proto.text for p in at.get("progress")][:1])
    radio(at, "s_groep_K01_kosten_").set_value("?").run()
    print(at.exception, store.load(wid).workshop.scores.get(("groep","K01","kosten"), "absent"), [p.proto.text for p in at.get("progress")][:1])
    print(radio(at, "s_groep_K01_kosten_").value, radio(at, "s_groep_K01_wensen_").value)
    at.button(key="next").click().run()
    print(at.selectbox(key="score_kans").value, at.subheader.values)
    at.button(key="prev").click().run(); at.button(key="prev").click().run()
    print(at.selectbox(key="score_kans").value, at.subheader.values)
