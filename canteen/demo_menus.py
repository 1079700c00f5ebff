"""Demo data of the menus part: a primary school canteen's dish library and this week's and next
week's menus (breakfast and lunch, Monday to Friday), approved and published. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from canteen.choices import DishCategory as C
from canteen.choices import Meal, MenuStatus
from canteen.models import Dish, WeeklyMenu
from canteen.services import menus as services
from core.models import School, User

DISHES = [
    ("白米饭", C.STAPLE, "大米"),
    ("杂粮饭", C.STAPLE, "大米、小米、糙米"),
    ("小米粥", C.STAPLE, "小米"),
    ("南瓜粥", C.STAPLE, "大米、南瓜"),
    ("肉包子", C.SNACK, "面粉、猪肉、白菜"),
    ("花卷", C.SNACK, "面粉、葱"),
    ("鸡蛋饼", C.SNACK, "面粉、鸡蛋、葱"),
    ("全麦面包", C.SNACK, "全麦面粉、牛奶"),
    ("水煮鸡蛋", C.MEAT, "鸡蛋"),
    ("纯牛奶", C.DRINK, "牛奶"),
    ("豆浆", C.DRINK, "黄豆"),
    ("红烧鸡块", C.MEAT, "鸡腿肉、土豆、胡萝卜"),
    ("番茄牛腩", C.MEAT, "牛腩、番茄"),
    ("糖醋里脊", C.MEAT, "猪里脊、番茄酱"),
    ("清蒸鲈鱼", C.MEAT, "鲈鱼、姜、葱"),
    ("鱼香肉丝", C.MEAT, "猪肉、木耳、胡萝卜、青椒"),
    ("土豆烧牛肉", C.MEAT, "牛肉、土豆"),
    ("宫保鸡丁", C.MEAT, "鸡胸肉、花生、黄瓜"),
    ("番茄炒蛋", C.VEGETABLE, "番茄、鸡蛋"),
    ("清炒西兰花", C.VEGETABLE, "西兰花、蒜"),
    ("蒜蓉菠菜", C.VEGETABLE, "菠菜、蒜"),
    ("醋溜白菜", C.VEGETABLE, "白菜"),
    ("香菇青菜", C.VEGETABLE, "香菇、青菜"),
    ("胡萝卜炒木耳", C.VEGETABLE, "胡萝卜、木耳"),
    ("麻婆豆腐", C.VEGETABLE, "豆腐、猪肉末"),
    ("紫菜蛋花汤", C.SOUP, "紫菜、鸡蛋"),
    ("冬瓜排骨汤", C.SOUP, "冬瓜、排骨"),
    ("青菜豆腐汤", C.SOUP, "青菜、豆腐"),
    ("玉米胡萝卜汤", C.SOUP, "玉米、胡萝卜"),
    ("苹果", C.FRUIT, "苹果"),
    ("香蕉", C.FRUIT, "香蕉"),
    ("橙子", C.FRUIT, "橙子"),
    # In the library (the school cooked it before the rule) but refused on any menu.
    ("干煸四季豆", C.VEGETABLE, "四季豆、猪肉末"),
]

BREAKFASTS = [
    ["小米粥", "肉包子", "水煮鸡蛋"],
    ["豆浆", "鸡蛋饼"],
    ["南瓜粥", "花卷", "水煮鸡蛋"],
    ["纯牛奶", "全麦面包", "水煮鸡蛋"],
    ["豆浆", "肉包子"],
]
LUNCHES = [
    ["白米饭", "红烧鸡块", "清炒西兰花", "紫菜蛋花汤", "苹果"],
    ["杂粮饭", "番茄牛腩", "蒜蓉菠菜", "冬瓜排骨汤", "香蕉"],
    ["白米饭", "鱼香肉丝", "番茄炒蛋", "青菜豆腐汤", "橙子"],
    ["白米饭", "清蒸鲈鱼", "香菇青菜", "玉米胡萝卜汤", "苹果"],
    ["杂粮饭", "宫保鸡丁", "醋溜白菜", "紫菜蛋花汤", "香蕉"],
]
NEXT_LUNCHES = [
    ["白米饭", "糖醋里脊", "胡萝卜炒木耳", "冬瓜排骨汤", "橙子"],
    ["杂粮饭", "土豆烧牛肉", "清炒西兰花", "紫菜蛋花汤", "苹果"],
    ["白米饭", "麻婆豆腐", "蒜蓉菠菜", "玉米胡萝卜汤", "香蕉"],
    ["白米饭", "红烧鸡块", "醋溜白菜", "青菜豆腐汤", "苹果"],
    ["杂粮饭", "番茄牛腩", "香菇青菜", "紫菜蛋花汤", "橙子"],
]


def seed() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    services.banned_foods_seed(school_ids=[school.pk])
    dishes = {
        name: Dish.objects.get_or_create(
            school=school, name=name, defaults={"category": cat, "main_ingredients": ingredients}
        )[0]
        for name, cat, ingredients in DISHES
    }
    cook = User.objects.filter(username="canteen1").first()
    director = User.objects.filter(username="director").first()
    if cook is None or director is None:
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.isoweekday() - 1)
    for week_start, lunches in ((monday, LUNCHES), (monday + dt.timedelta(days=7), NEXT_LUNCHES)):
        _publish_week(school, week_start, lunches, dishes, cook, director)


def _publish_week(school, week_start, lunches, dishes, cook, director) -> None:
    if WeeklyMenu.objects.filter(school=school, week_start=week_start).exists():
        return  # seeded before (or made by a person): left as it is
    menu = services.menu_create(school=school, week_start=week_start, actor=cook)
    for offset in range(5):
        day = week_start + dt.timedelta(days=offset)
        for meal, names in ((Meal.BREAKFAST, BREAKFASTS[offset]), (Meal.LUNCH, lunches[offset])):
            for name in names:
                services.menu_add_dish(menu=menu, day=day, meal=meal, dish=dishes[name], actor=cook)
    services.menu_submit(menu=menu, actor=cook)
    menu = services.menu_approve(menu=menu, actor=director)
    assert menu.status == MenuStatus.PUBLISHED
    # The demo tells the story of a canteen that publishes on the Friday before its week.
    friday = dt.datetime.combine(week_start - dt.timedelta(days=3), dt.time(16, 0))
    if menu.published_at is not None and timezone.make_aware(friday) < menu.published_at:
        WeeklyMenu.objects.filter(pk=menu.pk).update(published_at=timezone.make_aware(friday))
